using System.Text.Json;
using System.Text.Json.Serialization;

namespace ActorFabric.Cli.Output;

/// <summary>
/// One JSON convention for every <c>--json</c> output, the control API and scenario documents:
/// snake_case keys, durations as seconds (a number, Prometheus' base unit), enums as strings,
/// properties in declaration order (so the same records always give the same bytes).
/// </summary>
public static class CliJson
{
    public static readonly JsonSerializerOptions Options = Create(indented: false);

    public static readonly JsonSerializerOptions Indented = Create(indented: true);

    public static string Serialize<T>(T value, bool indented = false) =>
        JsonSerializer.Serialize(value, indented ? Indented : Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"empty JSON where a {typeof(T).Name} was expected");

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = null,
            WriteIndented = indented,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        };
        options.Converters.Add(new SecondsConverter());
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>TimeSpan as seconds (a JSON number), exact to the tick.</summary>
    private sealed class SecondsConverter : JsonConverter<TimeSpan>
    {
        public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            TimeSpan.FromTicks((long)Math.Round(reader.GetDecimal() * TimeSpan.TicksPerSecond));

        public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
            writer.WriteNumberValue((decimal)value.Ticks / TimeSpan.TicksPerSecond);
    }
}
