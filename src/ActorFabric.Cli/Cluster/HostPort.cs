using System.Globalization;

namespace ActorFabric.Cli.Cluster;

/// <summary>A HOST:PORT option value (an IPv4 address or a name; port 0–65535, or 1–65535 where 0 makes no sense).</summary>
internal readonly record struct HostPort(string Host, int Port)
{
    public override string ToString() => $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Null when <paramref name="text"/> is a good HOST:PORT, else what is wrong with it (for "--option 'text': …").</summary>
    public static string? Problem(string text, bool allowZero, out HostPort value)
    {
        value = default;
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1) return "expected HOST:PORT, e.g. 127.0.0.1:4053";
        var host = text[..colon];
        if (host.Contains(':') || host.Any(char.IsWhiteSpace)) return $"bad host '{host}'";
        if (!int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > 65535 || (port == 0 && !allowZero))
            return $"bad port '{text[(colon + 1)..]}' ({(allowZero ? 0 : 1)}–65535)";
        value = new HostPort(host, port);
        return null;
    }
}
