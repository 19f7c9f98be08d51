using System.Net;
using System.Net.Sockets;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Fabric.Topology;

/// <summary>
/// An IPv4 or IPv6 prefix of a topology file (the group and source filters of AR policies). The address is kept
/// masked to its length; an IPv4 address sits in the low 32 bits.
/// </summary>
public readonly record struct AddressPrefix(bool IsIpv6, UInt128 Address, int Length)
{
    private int Bits => IsIpv6 ? 128 : 32;

    private UInt128 Mask => Length == 0 ? UInt128.Zero : (IsIpv6 ? UInt128.MaxValue : uint.MaxValue) << (Bits - Length) & (IsIpv6 ? UInt128.MaxValue : uint.MaxValue);

    /// <summary>The whole prefix lies within 224.0.0.0/4 (RFC 5771) or ff00::/8 (RFC 4291 §2.7): a group filter.</summary>
    public bool IsMulticast => Length >= MulticastBlock.Length && (Address & MulticastBlock.Mask) == MulticastBlock.Address;

    /// <summary>No address of the prefix is multicast: a source filter.</summary>
    public bool IsUnicast
    {
        get
        {
            // Two prefixes overlap when the shorter one contains the other's address.
            var block = MulticastBlock;
            var shorter = Length < block.Length ? this : block;
            return ((Length < block.Length ? block.Address : Address) & shorter.Mask) != shorter.Address;
        }
    }

    private AddressPrefix MulticastBlock => IsIpv6 ? new(true, (UInt128)0xFF << 120, 8) : new(false, 0xE000_0000u, 4);

    /// <summary>Whether <paramref name="other"/> lies within this prefix (same family, at least as long).</summary>
    public bool Contains(AddressPrefix other) => other.IsIpv6 == IsIpv6 && other.Length >= Length && (other.Address & Mask) == Address;

    public bool Contains(Ipv4Address address) => !IsIpv6 && ((UInt128)address.Value & Mask) == Address;

    public bool Contains(Ipv6Address address) => IsIpv6 && ((((UInt128)address.High << 64) | address.Low) & Mask) == Address;

    /// <summary><c>a.b.c.d/len</c> or <c>x::y/len</c>; a bare address is a host prefix (/32, /128). No leading zeros in IPv4.</summary>
    public static bool TryParse(string text, out AddressPrefix prefix)
    {
        prefix = default;
        int slash = text.IndexOf('/');
        var addressText = slash < 0 ? text : text[..slash];
        if (addressText.Contains(':'))
        {
            if (!IPAddress.TryParse(addressText, out var ip) || ip.AddressFamily != AddressFamily.InterNetworkV6 || ip.ScopeId != 0) return false;
            var v6 = Ipv6Address.FromIPAddress(ip);
            if (!TryLength(text, slash, 128, out int len6)) return false;
            prefix = new AddressPrefix(true, ((UInt128)v6.High << 64) | v6.Low, len6);
        }
        else
        {
            if (!AddressSyntax.TryParseIpv4(addressText, out var v4) || !TryLength(text, slash, 32, out int len4)) return false;
            prefix = new AddressPrefix(false, v4, len4);
        }
        prefix = prefix with { Address = prefix.Address & prefix.Mask };
        return true;
    }

    private static bool TryLength(string text, int slash, int max, out int length)
    {
        length = max;
        if (slash < 0) return true;
        var digits = text.AsSpan(slash + 1);
        if (digits.Length is 0 or > 3) return false;
        foreach (var c in digits) if (!char.IsAsciiDigit(c)) return false;
        length = int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
        return length <= max;
    }

    public override string ToString()
    {
        if (!IsIpv6) return AddressSyntax.FormatIpv4Prefix((uint)Address, Length);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{new Ipv6Address((ulong)(Address >> 64), (ulong)Address)}/{Length}");
    }
}
