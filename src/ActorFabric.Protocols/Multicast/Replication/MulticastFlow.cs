using System.Net;
using System.Net.Sockets;

namespace ActorFabric.Protocols.Multicast.Replication;

/// <summary>
/// The (S,G) of one multicast data frame, IPv4 or IPv6, held as plain numbers so a data plane can build it from the
/// packet bytes without allocating. IPv4 addresses sit in the low 32 bits. <see cref="HasSource"/> false stands for
/// (*,G) (a flow whose source is not known or does not matter).
/// </summary>
public readonly struct MulticastFlow : IEquatable<MulticastFlow>
{
    private MulticastFlow(UInt128 source, UInt128 group, bool isIpv6, bool hasSource)
    {
        Source = hasSource ? source : UInt128.Zero;
        Group = group;
        IsIpv6 = isIpv6;
        HasSource = hasSource;
    }

    public UInt128 Source { get; }
    public UInt128 Group { get; }
    public bool IsIpv6 { get; }
    public bool HasSource { get; }

    /// <summary>A flow from the 4-octet source and group of an IPv4 header.</summary>
    public static MulticastFlow Ipv4(ReadOnlySpan<byte> source, ReadOnlySpan<byte> group) =>
        new(ToNumber(source[..4]), ToNumber(group[..4]), false, true);

    /// <summary>A flow from the 16-octet source and group of an IPv6 header.</summary>
    public static MulticastFlow Ipv6(ReadOnlySpan<byte> source, ReadOnlySpan<byte> group) =>
        new(ToNumber(source[..16]), ToNumber(group[..16]), true, true);

    /// <summary>A flow from numbers already read out of a packet (an IPv4 address in the low 32 bits).</summary>
    public static MulticastFlow FromNumbers(UInt128 source, UInt128 group, bool ipv6) => new(source, group, ipv6, true);

    /// <summary>A flow from addresses (tests, control plane); a null source gives (*,G).</summary>
    public static MulticastFlow Of(IPAddress? source, IPAddress group)
    {
        ArgumentNullException.ThrowIfNull(group);
        bool v6 = group.AddressFamily == AddressFamily.InterNetworkV6;
        return new(source is null ? UInt128.Zero : ToNumber(source), ToNumber(group), v6, source is not null);
    }

    /// <summary>
    /// Link-local groups (IPv4 224.0.0.0/24; IPv6 scopes 1 and 2, e.g. ff02::/16) carry control protocols and are
    /// flooded to every PE, never pruned by SMET (RFC 9251 §8 covers only routable flows) nor sent to a replicator
    /// (RFC 9574 §5.2: link-local multicast always goes by plain ingress replication).
    /// </summary>
    public bool IsLinkLocal => IsIpv6
        ? (Group >> 120) == 0xFF && ((uint)(Group >> 112) & 0x0F) <= 2
        : (Group >> 8) == 0xE0_0000;

    public IPAddress GroupAddress => ToAddress(Group, IsIpv6);
    public IPAddress? SourceAddress => HasSource ? ToAddress(Source, IsIpv6) : null;

    internal static UInt128 ToNumber(ReadOnlySpan<byte> bytes)
    {
        UInt128 value = UInt128.Zero;
        foreach (var b in bytes) value = (value << 8) | b;
        return value;
    }

    internal static UInt128 ToNumber(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out int written);
        return ToNumber(bytes[..written]);
    }

    internal static IPAddress ToAddress(UInt128 value, bool ipv6)
    {
        int length = ipv6 ? 16 : 4;
        Span<byte> bytes = stackalloc byte[16];
        for (int i = length - 1; i >= 0; i--, value >>= 8) bytes[i] = (byte)value;
        return new IPAddress(bytes[..length]);
    }

    /// <summary>Writes the group's 4 or 16 octets (network order) and returns how many.</summary>
    internal int WriteGroup(Span<byte> destination)
    {
        int length = IsIpv6 ? 16 : 4;
        var value = Group;
        for (int i = length - 1; i >= 0; i--, value >>= 8) destination[i] = (byte)value;
        return length;
    }

    public bool Equals(MulticastFlow other) =>
        Source == other.Source && Group == other.Group && IsIpv6 == other.IsIpv6 && HasSource == other.HasSource;

    public override bool Equals(object? obj) => obj is MulticastFlow other && Equals(other);

    // Only a cache key: folds the words without the per-process random seed of HashCode.Combine.
    public override int GetHashCode()
    {
        ulong h = (ulong)Group ^ (ulong)(Group >> 64) * 31 ^ (ulong)Source * 17 ^ (ulong)(Source >> 64) * 13;
        if (IsIpv6) h ^= 0x9E37_79B9;
        if (HasSource) h ^= 0x7F4A_7C15_0000;
        return (int)h ^ (int)(h >> 32);
    }

    public static bool operator ==(MulticastFlow left, MulticastFlow right) => left.Equals(right);
    public static bool operator !=(MulticastFlow left, MulticastFlow right) => !left.Equals(right);

    public override string ToString() => $"({SourceAddress?.ToString() ?? "*"},{GroupAddress})";
}
