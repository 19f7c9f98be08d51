namespace ActorFabric.Interop.Tests.Harness;

/// <summary>
/// What tshark made of a capture: every expert item of severity warning or error (malformed packets
/// are expert errors of protocol "_ws.malformed"/"Malformed"), and the BGP messages it decoded by type
/// (RFC 4271 §4.1: 1 OPEN, 2 UPDATE, 3 NOTIFICATION, 4 KEEPALIVE, 5 ROUTE-REFRESH).
/// </summary>
public sealed record CaptureAnalysis(
    int FrameCount,
    IReadOnlyList<ExpertItem> Problems,
    IReadOnlyDictionary<int, int> BgpMessagesByType)
{
    public int BgpMessageCount
    {
        get
        {
            var n = 0;
            foreach (var kv in BgpMessagesByType) n += kv.Value;
            return n;
        }
    }

    public int CountOf(int bgpType) => BgpMessagesByType.TryGetValue(bgpType, out var n) ? n : 0;

    public IEnumerable<ExpertItem> Malformed => Problems.Where(p => p.IsMalformed);

    public override string ToString() =>
        $"{FrameCount} frames, {BgpMessageCount} BGP messages ({string.Join(", ", BgpMessagesByType.OrderBy(k => k.Key).Select(k => $"type {k.Key}: {k.Value}"))}), " +
        $"{Problems.Count} expert warnings/errors" + (Problems.Count > 0 ? ":\n  " + string.Join("\n  ", Problems) : "");
}
