namespace ActorFabric.Fabric.Topology;

/// <summary>
/// Gives hosts in a VLAN with a <c>gateway6</c> their IPv6 address, as <see cref="TopologyCompiler"/> does for IPv4: an
/// explicit <c>ipv6:</c> is checked against the VLAN's prefix, the others get the prefix's addresses from ::2 on in host
/// order (::1 is the usual gateway), skipping the gateway and explicit addresses, so the same file always gives the
/// same addresses. Interface identifier zero is never given: it is the subnet-router anycast address (RFC 4291 §2.6.1).
/// </summary>
internal static class HostIpv6Addressing
{
    public static void Assign(TopologyDraft d, ReadOnlySpan<HostDraft> hosts, FabricHost[] result, BroadcastDomain[] domains)
    {
        var taken = new Dictionary<(int Domain, UInt128 Address), int>();
        for (int i = 0; i < result.Length; i++)
        {
            ref readonly var h = ref hosts[i];
            if (!h.HasIp6) continue;
            ref var r = ref result[i];
            if (r.BroadcastDomain < 0) continue;
            var dom = domains[r.BroadcastDomain];
            string address = AddressSyntax.FormatIpv6(h.Ip6);
            if (dom.Gateway6PrefixLength == 0)
            {
                d.Error(h.Ip6Mark, $"host '{r.Name}': 'ipv6' {address} needs an IPv6 subnet on VLAN {dom.Vlan}: give its mac-vrf a 'gateway6'");
                continue;
            }
            var mask = AddressSyntax.PrefixMask6(dom.Gateway6PrefixLength);
            string subnet = $"{AddressSyntax.FormatIpv6(dom.Gateway6 & mask)}/{dom.Gateway6PrefixLength}";
            if ((h.Ip6 & mask) != (dom.Gateway6 & mask))
                d.Error(h.Ip6Mark, $"host '{r.Name}': {address} is not in VLAN {dom.Vlan}'s IPv6 subnet {subnet}");
            else if (h.Ip6PrefixLength >= 0 && h.Ip6PrefixLength != dom.Gateway6PrefixLength)
                d.Error(h.Ip6Mark, $"host '{r.Name}': /{h.Ip6PrefixLength} differs from VLAN {dom.Vlan}'s subnet {subnet}; write the address alone or with /{dom.Gateway6PrefixLength}");
            else if ((h.Ip6 & ~mask) == 0)
                d.Error(h.Ip6Mark, $"host '{r.Name}': {address} is the subnet-router anycast address of {subnet} (RFC 4291 §2.6.1)");
            else if (h.Ip6 == dom.Gateway6)
                d.Error(h.Ip6Mark, $"host '{r.Name}': {address} is the anycast gateway of VNI {dom.Vni}");
            else if (!taken.TryAdd((dom.Index, h.Ip6), i))
                d.Error(h.Ip6Mark, $"duplicate IPv6 {address} in VNI {dom.Vni}: host '{r.Name}' and host '{result[taken[(dom.Index, h.Ip6)]].Name}'");
            else r = r with { Ipv6 = h.Ip6, Ipv6PrefixLength = (byte)dom.Gateway6PrefixLength, Gateway6 = dom.Gateway6 };
        }

        var next = new UInt128[domains.Length];
        var exhausted = new bool[domains.Length];
        for (int i = 0; i < result.Length; i++)
        {
            ref var r = ref result[i];
            if (hosts[i].HasIp6 || r.BroadcastDomain < 0) continue;
            var dom = domains[r.BroadcastDomain];
            if (dom.Gateway6PrefixLength == 0) continue;
            var mask = AddressSyntax.PrefixMask6(dom.Gateway6PrefixLength);
            var network = dom.Gateway6 & mask;
            ref var offset = ref next[dom.Index];
            if (offset == 0) offset = 2;
            // Offsets run below the prefix size (~mask + 1); a full prefix is one error, at its first host left out.
            while (offset <= ~mask && (taken.ContainsKey((dom.Index, network + offset)) || network + offset == dom.Gateway6)) offset++;
            if (offset > ~mask)
            {
                if (!exhausted[dom.Index])
                    d.Error(hosts[i].Mark, $"IPv6 subnet {AddressSyntax.FormatIpv6(network)}/{dom.Gateway6PrefixLength} of VNI {dom.Vni} has no address left for host '{r.Name}'; give the VLAN a shorter 'gateway6' prefix");
                exhausted[dom.Index] = true;
                continue;
            }
            r = r with { Ipv6 = network + offset, Ipv6PrefixLength = (byte)dom.Gateway6PrefixLength, Gateway6 = dom.Gateway6 };
            offset++;
        }
    }
}
