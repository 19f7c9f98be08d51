namespace ActorFabric.Fabric.Runtime;

/// <summary>A running or finished capture to a pcap file (timestamps are emulated time).</summary>
/// <param name="Target">As given: "A:port-B:port", "A B" (a link) or "D:port" (a device port, incl. host access ports).</param>
public sealed record CaptureInfo(string Id, string Target, string Path, long Packets, bool Active);
