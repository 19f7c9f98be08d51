using System.Globalization;

namespace ActorFabric.Cli.Report;

/// <summary>
/// Reads the per-device families the report plots out of a Prometheus text scrape (the same figures /metrics
/// serves, so the report and Grafana agree): sessions in state established, EVPN routes of every type, FDB entries
/// and BUM copies sent. Only the lines of those families are looked at.
/// </summary>
public static class DeviceGaugeReading
{
    private const string Sessions = "actorfabric_bgp_sessions{";
    private const string Routes = "actorfabric_evpn_routes{";
    private const string Fdb = "actorfabric_fdb_entries{";
    private const string Bum = "actorfabric_bum_copies_sent_total{";

    /// <summary>Per-device figures (indexed like <paramref name="deviceIndex"/>) and the fabric's BUM copies so far.</summary>
    public static (DeviceFigures[] Devices, long BumCopies) Parse(string scrape, IReadOnlyDictionary<string, int> deviceIndex)
    {
        var sessions = new long[deviceIndex.Count];
        var routes = new long[deviceIndex.Count];
        var fdb = new long[deviceIndex.Count];
        long bum = 0;
        foreach (var range in scrape.AsSpan().Split('\n'))
        {
            var line = scrape.AsSpan(range);
            if (line.IsEmpty || line[0] == '#') continue;
            if (line.StartsWith(Sessions))
            {
                if (line.Contains("state=\"established\"", StringComparison.Ordinal)) Add(sessions, line, deviceIndex);
            }
            else if (line.StartsWith(Routes)) Add(routes, line, deviceIndex);
            else if (line.StartsWith(Fdb)) Add(fdb, line, deviceIndex);
            else if (line.StartsWith(Bum)) bum += Value(line);
        }
        var devices = new DeviceFigures[deviceIndex.Count];
        for (int i = 0; i < devices.Length; i++) devices[i] = new DeviceFigures(sessions[i], routes[i], fdb[i]);
        return (devices, bum);
    }

    private static void Add(long[] into, ReadOnlySpan<char> line, IReadOnlyDictionary<string, int> deviceIndex)
    {
        const string key = "device=\"";
        int start = line.IndexOf(key, StringComparison.Ordinal);
        if (start < 0) return;
        var rest = line[(start + key.Length)..];
        int end = rest.IndexOf('"');
        if (end < 0 || !deviceIndex.TryGetValue(rest[..end].ToString(), out int index)) return;
        into[index] += Value(line);
    }

    /// <summary>The sample value after the closing brace (gauges and counters here are whole numbers).</summary>
    private static long Value(ReadOnlySpan<char> line)
    {
        int brace = line.LastIndexOf('}');
        var text = line[(brace + 1)..].Trim();
        int space = text.IndexOf(' ');
        if (space >= 0) text = text[..space]; // a timestamp may follow the value
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? (long)v : 0;
    }
}
