using System.Text.Json;

namespace ActorFabric.Cli.Bgp.Speaker;

/// <summary>
/// A routes file: JSON, either <c>{"routes": [ … ]}</c> or a bare array of <see cref="EvpnRouteSpec"/> entries.
/// </summary>
public static class EvpnRoutesFile
{
    public static IReadOnlyList<EvpnRouteSpec> Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var list = doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement
            : doc.RootElement.TryGetProperty("routes", out var r) ? r
            : throw new FormatException("a routes file is a JSON array or an object with \"routes\"");
        var specs = new List<EvpnRouteSpec>();
        foreach (var e in list.EnumerateArray())
            specs.Add(e.Deserialize<EvpnRouteSpec>() ?? throw new FormatException("null route entry"));
        return specs;
    }

    public static IReadOnlyList<EvpnRouteSpec> Load(string path) => Parse(File.ReadAllText(path));
}
