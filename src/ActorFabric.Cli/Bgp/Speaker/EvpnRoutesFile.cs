using System.Net;
using System.Text.Json;

namespace ActorFabric.Cli.Bgp.Speaker;

/// <summary>
/// A routes file: JSON, either <c>{"routes": [ … ]}</c> or a bare array of <see cref="EvpnRouteSpec"/> entries.
/// Every entry is checked here (strict addresses, ranges), so a bad file fails before anything is originated;
/// errors name the entry (<c>routes[3]: …</c>) and quote input only in bounded length.
/// </summary>
public static class EvpnRoutesFile
{
    public static IReadOnlyList<EvpnRouteSpec> Parse(string json)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException e) { throw new FormatException($"not JSON: {BgpHostAddress.Shorten(e.Message, 200)}"); }
        using (doc)
        {
            var root = doc.RootElement;
            var list = root.ValueKind switch
            {
                JsonValueKind.Array => root,
                JsonValueKind.Object when root.TryGetProperty("routes", out var r) && r.ValueKind == JsonValueKind.Array => r,
                _ => throw new FormatException("a routes file is a JSON array or an object with a \"routes\" array"),
            };
            var specs = new List<EvpnRouteSpec>();
            int i = 0;
            foreach (var e in list.EnumerateArray())
            {
                if (e.ValueKind != JsonValueKind.Object) throw new FormatException($"routes[{i}]: a route is a JSON object");
                EvpnRouteSpec spec;
                try { spec = e.Deserialize<EvpnRouteSpec>()!; }
                catch (JsonException x) { throw new FormatException($"routes[{i}]: '{FieldOf(x.Path)}' has the wrong type or range"); }
                try { spec.ToOrigination(IPAddress.Any); }
                catch (Exception x) when (x is FormatException or ArgumentException or OverflowException)
                {
                    throw new FormatException($"routes[{i}]: {BgpHostAddress.Shorten(x.Message, 200)}");
                }
                specs.Add(spec);
                i++;
            }
            return specs;
        }
    }

    /// <summary>The last property name of a JSON path such as <c>$.vni</c> or <c>$.route_targets[0]</c>.</summary>
    private static string FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path)) return "?";
        var last = path[(path.LastIndexOf('.') + 1)..];
        var bracket = last.IndexOf('[');
        return BgpHostAddress.Shorten(bracket > 0 ? last[..bracket] : last, 40);
    }

    public static IReadOnlyList<EvpnRouteSpec> Load(string path) => Parse(File.ReadAllText(path));
}
