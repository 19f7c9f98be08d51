using System.Buffers.Binary;
using System.Net;
using ActorFabric.Protocols.Bridging;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Hashing;

namespace ActorFabric.Protocols.Evpn.Multihoming;

/// <summary>
/// Designated Forwarder election for one &lt;Ethernet Segment, Ethernet Tag&gt;, as pure functions of the
/// candidate set: every PE of the segment runs it on the same inputs and so agrees on the result without
/// exchanging anything but ES routes. Addresses are ordered numerically, IPv4 before IPv6
/// (<see cref="VtepAddressOrder"/>): RFC 8584 §1.3.1 leaves mixed families undefined for modulo, RFC 9785 §4.1
/// puts IPv4 first for its tie-break, and one order for all algorithms keeps them consistent.
/// </summary>
public static class DesignatedForwarderElection
{
    /// <summary>Multiplier and increment of the linear congruential step in RFC 8584 §3.2's weight function.</summary>
    private const ulong LcgMultiplier = 1103515245, LcgIncrement = 12345;
    private const ulong Mask31 = 0x7FFF_FFFF;

    public static DfOutcome Elect(DfAlgorithm algorithm, EthernetSegmentId esi, uint ethernetTag, IReadOnlyList<DfCandidate> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        if (candidates.Count == 0) return DfOutcome.None;
        return algorithm switch
        {
            DfAlgorithm.Modulo => Modulo(ethernetTag, candidates),
            DfAlgorithm.HighestRandomWeight => HighestRandomWeight(esi, ethernetTag, candidates),
            DfAlgorithm.HighestPreference => Preference(candidates, highestFirst: true),
            DfAlgorithm.LowestPreference => Preference(candidates, highestFirst: false),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "no such DF algorithm here; negotiate first (RFC 8584 §2.2 falls back to modulo)"),
        };
    }

    /// <summary>
    /// RFC 7432 §8.5 service carving: PEs sorted by ascending IP get ordinals 0..N-1; the DF for tag V is ordinal
    /// V mod N. A PE listed twice counts once (one PE is one ordinal).
    /// </summary>
    private static DfOutcome Modulo(uint ethernetTag, IReadOnlyList<DfCandidate> candidates)
    {
        var ordered = DistinctOriginators(candidates);
        return new DfOutcome(ordered[(int)(ethernetTag % (uint)ordered.Count)], null);
    }

    /// <summary>
    /// RFC 8584 §3.2: each PE's weight is Wrand(V, Es, Si); the highest is the DF, the next the backup DF
    /// (erratum 7811: the maximum is over every candidate). Equal weights go to the lowest IP.
    /// </summary>
    private static DfOutcome HighestRandomWeight(EthernetSegmentId esi, uint ethernetTag, IReadOnlyList<DfCandidate> candidates)
    {
        var digest = Digest(ethernetTag, esi);
        IPAddress? best = null, second = null;
        uint bestWeight = 0, secondWeight = 0;
        foreach (var address in DistinctOriginators(candidates))
        {
            // Candidates come in ascending IP order, so a strictly greater weight is needed to displace one:
            // on equal weights the lower address stays ahead.
            var weight = Weight(digest, address);
            if (best is null || weight > bestWeight)
            {
                (second, secondWeight) = (best, bestWeight);
                (best, bestWeight) = (address, weight);
            }
            else if (second is null || weight > secondWeight)
            {
                (second, secondWeight) = (address, weight);
            }
        }
        return new DfOutcome(best, second);
    }

    /// <summary>
    /// D(V, Es) of RFC 8584 §3.2: CRC-32 over the 4-octet Ethernet Tag (network order) followed by the 10-octet
    /// ESI, with the most significant bit dropped. The CRC is the IEEE 802.3 / zlib one (the common reading; no
    /// other implementation of HRW was available to compare with, so this stays an assumption).
    /// </summary>
    internal static uint Digest(uint ethernetTag, EthernetSegmentId esi)
    {
        Span<byte> input = stackalloc byte[4 + EthernetSegmentId.Length];
        BinaryPrimitives.WriteUInt32BigEndian(input, ethernetTag);
        esi.Write(input[4..]);
        return (uint)(Crc32.Compute(input) & Mask31);
    }

    /// <summary>
    /// Wrand(V, Es, Si) = (1103515245 × ((1103515245 × Si + 12345) XOR D(V, Es)) + 12345) mod 2^31 (RFC 8584 §3.2).
    /// Only the low 31 bits of Si matter (the RFC's reason IPv6 works too), and reducing every step mod 2^31 in
    /// 64-bit arithmetic gives the same value as reducing once at the end, since D is itself below 2^31.
    /// </summary>
    internal static uint Weight(uint digest, IPAddress originator)
    {
        ulong si = LowOrder32(originator) & Mask31;
        ulong inner = (LcgMultiplier * si + LcgIncrement) & Mask31;
        return (uint)((LcgMultiplier * (inner ^ digest) + LcgIncrement) & Mask31);
    }

    /// <summary>
    /// RFC 9785 §4.1: order by preference (highest first for Alg 2, lowest first for Alg 3); on equal preference
    /// a PE advertising "Don't Preempt" comes first, then the lowest IP (IPv4 before IPv6). The first is the DF,
    /// the second the backup DF.
    /// </summary>
    private static DfOutcome Preference(IReadOnlyList<DfCandidate> candidates, bool highestFirst)
    {
        var ordered = new List<DfCandidate>(candidates);
        ordered.Sort((a, b) =>
        {
            if (a.Preference != b.Preference)
                return highestFirst ? b.Preference.CompareTo(a.Preference) : a.Preference.CompareTo(b.Preference);
            if (a.DontPreempt != b.DontPreempt) return a.DontPreempt ? -1 : 1;
            return VtepAddressOrder.Instance.Compare(a.Originator, b.Originator);
        });
        IPAddress? backup = null;
        for (int i = 1; i < ordered.Count && backup is null; i++)
            if (!ordered[i].Originator.Equals(ordered[0].Originator)) backup = ordered[i].Originator;
        return new DfOutcome(ordered[0].Originator, backup);
    }

    private static List<IPAddress> DistinctOriginators(IReadOnlyList<DfCandidate> candidates)
    {
        var list = new List<IPAddress>(candidates.Count);
        foreach (var c in candidates) list.Add(c.Originator);
        list.Sort(VtepAddressOrder.Instance);
        for (int i = list.Count - 1; i > 0; i--)
            if (list[i].Equals(list[i - 1])) list.RemoveAt(i);
        return list;
    }

    private static uint LowOrder32(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written) || written < 4)
            throw new ArgumentException($"{address} has no address bytes", nameof(address));
        return BinaryPrimitives.ReadUInt32BigEndian(bytes[(written - 4)..written]);
    }
}
