using ActorFabric.Wire.Hashing;

namespace ActorFabric.Protocols.Multicast.Replication;

/// <summary>
/// The stable hashes behind default replicator choice: FNV-1a 32 of the VNI's three octets (network order), or of
/// the group's 4/16 octets, finalised by <see cref="HashMixer.Mix"/>. The replicator is the one at index
/// hash mod N of the N active replicators sorted by AR IP. (Junos does not publish its hash; this one only has to
/// spread and replay bit for bit.)
/// </summary>
public static class ReplicatorHash
{
    public static uint OfVni(uint vni)
    {
        Span<byte> bytes = [(byte)(vni >> 16), (byte)(vni >> 8), (byte)vni];
        return HashMixer.Mix(Fnv1a.Hash32(bytes));
    }

    public static uint OfGroup(in MulticastFlow flow)
    {
        Span<byte> bytes = stackalloc byte[16];
        int n = flow.WriteGroup(bytes);
        return HashMixer.Mix(Fnv1a.Hash32(bytes[..n]));
    }
}
