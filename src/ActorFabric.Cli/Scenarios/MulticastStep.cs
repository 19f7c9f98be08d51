using System.Globalization;
using ActorFabric.Cli.Control;
using ActorFabric.Fabric.Hosts;

namespace ActorFabric.Cli.Scenarios;

/// <summary>
/// The multicast steps' arguments as the fabric will take them (<c>mcast-join</c>, <c>mcast-leave</c>,
/// <c>mcast-stream</c>, <c>mcast-external</c>, <c>mcast-receivers</c>): checked when the scenario is read, with the same rules as the
/// control API, so a bad group or version is a FILE:LINE:COL error rather than a failed step minutes in.
/// </summary>
public static class MulticastStep
{
    /// <summary>What <c>actorfabric mcast stream</c> sends without options.</summary>
    public const int DefaultRate = 100, DefaultSize = 64, DefaultCount = 100;

    public const ushort DefaultPort = 5001;

    /// <summary>Null when <paramref name="text"/> is an IPv4 or IPv6 multicast address, else the problem.</summary>
    public static string? GroupProblem(string text) =>
        // Four dotted parts for IPv4: the parser would take the old short forms (239.1.1 as 239.1.0.1), a likely typo here.
        HostAddress.TryParse(text, out var group) && group.IsMulticast && (group.IsIpv6 || text.Count(c => c == '.') == 3)
            ? null
            : $"'{text}' is not an IP multicast group address (224.0.0.0/4 or ff00::/8, e.g. 233.252.0.1 or ff0e::1:3)";

    public static int? Version(ScenarioStep step) => step.Option("--version") is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : null;

    public static IReadOnlyList<string>? Sources(ScenarioStep step) =>
        step.Option("--source") is { } s ? s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : null;

    public static (int Rate, int Size, int Count) Stream(IReadOnlyDictionary<string, string> options) => (
        Int(options, "--rate", DefaultRate), Int(options, "--size", DefaultSize), Int(options, "--count", DefaultCount));

    /// <summary>Null when the step's group, sources, version and stream figures are acceptable, else the problem.</summary>
    internal static string? Problem(ScenarioVerb verb, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> options)
    {
        switch (verb.Name)
        {
            case "mcast-join":
            {
                // The group itself was checked with the other arguments (ArgumentKind.Group).
                if (!HostAddress.TryParse(arguments[1], out var group)) return GroupProblem(arguments[1]);
                var sources = new List<HostAddress>();
                foreach (var text in options.TryGetValue("--source", out var list) ? list.Split(',', StringSplitOptions.TrimEntries) : [])
                {
                    if (!HostAddress.TryParse(text, out var source)) return $"--source '{text}' is not an IPv4 or IPv6 address";
                    sources.Add(source);
                }
                int? version = options.TryGetValue("--version", out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : null;
                try
                {
                    // The host's own rules: a version of the group's family, sources only with IGMPv3/MLDv2.
                    MulticastMembership.Resolve(group, version, sources);
                }
                catch (ArgumentException e)
                {
                    return e.Message;
                }
                return null;
            }
            case "mcast-stream":
            {
                var (rate, size, count) = Stream(options);
                if (MulticastControlApi.CheckStream(rate, size, count) is { } problem) return problem;
                // An IPv6 header is 20 octets longer: the payload that fits a 1500-octet MTU is smaller.
                return HostAddress.TryParse(arguments[1], out var group) && group.IsIpv6 && size > 1452
                    ? $"size {size} is out of range for the IPv6 group {group} ({MulticastStream.HeaderLength}..1452 octets)"
                    : null;
            }
            case "mcast-external":
            {
                var (rate, size, count) = Stream(options);
                if (MulticastControlApi.CheckStream(rate, size, count) is { } problem) return problem;
                if (!HostAddress.TryParse(arguments[1], out var group) || group.IsIpv6) return $"'{arguments[1]}' is not an IPv4 group: OISM routes IPv4 multicast only";
                if (Ttl(options, 64) < 2) return "--ttl must be at least 2 (the PEG routes the datagrams: TTL − 1)";
                return options.TryGetValue("--source", out var s) && (!HostAddress.TryParse(s, out var source) || source.IsIpv6 || source.IsMulticast)
                    ? $"--source '{s}' is not an IPv4 unicast address"
                    : null;
            }
            default:
                return null;
        }
    }

    /// <summary>The step's --ttl, <paramref name="fallback"/> without one (hosts: 1, a socket's default; an external source: 64).</summary>
    public static byte Ttl(IReadOnlyDictionary<string, string> options, byte fallback) =>
        options.TryGetValue("--ttl", out var text) && byte.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ttl) ? ttl : fallback;

    private static int Int(IReadOnlyDictionary<string, string> options, string name, int fallback) =>
        options.TryGetValue(name, out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : fallback;
}
