namespace ActorFabric.Fabric.Hosts;

/// <summary>
/// What one host received of one group: whether it is a member (and with which protocol), totals over every
/// stream, and the streams themselves. <see cref="Duplicates"/> should be 0 in a correct fabric; packets with
/// <see cref="Joined"/> false (or counted in <see cref="Unsolicited"/>) reached a host that did not ask for them.
/// </summary>
public sealed record MulticastReceiver(string Host, bool Joined, MulticastProtocol? Protocol, IReadOnlyList<MulticastStreamReception> Streams)
{
    public long Packets => Streams.Sum(static s => s.Packets);
    public long Bytes => Streams.Sum(static s => s.Bytes);
    public long Duplicates => Streams.Sum(static s => s.Duplicates);
    public long Unsolicited => Streams.Sum(static s => s.Unsolicited);
}
