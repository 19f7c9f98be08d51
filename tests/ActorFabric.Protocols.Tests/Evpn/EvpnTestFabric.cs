using System.Net;
using ActorFabric.Protocols.Bridging;
using ActorFabric.Protocols.Evpn;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Protocols.Tests.Evpn;

/// <summary>
/// Several leaves' MAC-VRFs wired as if by a full iBGP mesh / route reflector: every Originate/Withdraw of one
/// leaf is applied to all others with the originator's VTEP as next hop. Virtual time is a field.
/// </summary>
internal sealed class EvpnTestFabric
{
    public const ushort Vlan = 100;
    public const uint Vni = 10100;
    public static readonly ExtendedCommunity RouteTarget = ExtendedCommunity.AutoDerivedRouteTarget(65000, Vni);

    public readonly List<MacVrf> Leaves = [];
    /// <summary>Every effect of every leaf, prefixed with the leaf index, in processing order.</summary>
    public readonly List<(int Leaf, MacVrfEffect Effect)> Log = [];
    public TimeSpan Now;

    public EvpnTestFabric(int leaves, MacMobilityOptions? mobility = null, TimeSpan? aging = null)
    {
        for (int i = 1; i <= leaves; i++)
        {
            var leaf = new MacVrf(Options(i, mobility, aging));
            for (int p = 1; p <= 3; p++) leaf.AttachPort(new PortId(p), Vlan);
            Leaves.Add(leaf);
        }
        foreach (var leaf in Leaves) leaf.Start(Now);
        Pump();
    }

    /// <summary>Attributes of a remote route this MAC-VRF imports: the test RT, VXLAN encapsulation, any extra ECs.</summary>
    public static PathAttributes Attrs(params ExtendedCommunity[] extra) =>
        new() { ExtendedCommunities = [RouteTarget, ExtendedCommunity.VxlanEncapsulation, .. extra] };

    /// <summary>A type-2 route from the VTEP <paramref name="vtep"/> (RD vtep:100).</summary>
    public static MacIpAdvertisementRoute MacRoute(IPAddress vtep, MacAddress mac, IPAddress? ip = null, uint tag = 0, uint vni = Vni) =>
        new(RouteDistinguisher.FromIpv4(vtep, 100), EthernetSegmentId.Zero, tag, mac, ip, vni);

    /// <summary>A type-2 route from leaf <paramref name="leaf"/>'s VTEP.</summary>
    public static MacIpAdvertisementRoute MacRoute(int leaf, MacAddress mac, IPAddress? ip = null, uint vni = Vni) => MacRoute(VtepOf(leaf), mac, ip, 0, vni);

    /// <summary>A type-3 route from the VTEP <paramref name="vtep"/>.</summary>
    public static InclusiveMulticastRoute Imet(IPAddress vtep, uint tag = 0) => new(RouteDistinguisher.FromIpv4(vtep, 100), tag, vtep);

    public static InclusiveMulticastRoute Imet(int leaf) => Imet(VtepOf(leaf));

    public static IPAddress VtepOf(int leaf) => IPAddress.Parse($"10.0.0.{leaf}");

    public static MacVrfOptions Options(int leaf, MacMobilityOptions? mobility = null, TimeSpan? aging = null) => new()
    {
        RouteDistinguisher = RouteDistinguisher.FromIpv4(VtepOf(leaf), 100),
        LocalVtep = VtepOf(leaf),
        ImportRouteTargets = [RouteTarget],
        ExportRouteTargets = [RouteTarget],
        BridgeDomains = [new BridgeDomainOptions(Vlan, Vni)],
        Mobility = mobility ?? new MacMobilityOptions(),
        MacAgingTime = aging ?? TimeSpan.FromSeconds(300),
    };

    public MacVrf this[int leaf] => Leaves[leaf - 1];

    /// <summary>A host sends a frame (e.g. its gratuitous ARP after a VM move) on a leaf's port.</summary>
    public ForwardingDecision HostSends(int leaf, int port, MacAddress source, MacAddress? destination = null)
    {
        var d = this[leaf].HandleAccessFrame(new PortId(port), Vlan, source, destination ?? MacAddress.Broadcast, Now);
        Pump();
        return d;
    }

    public void Advance(TimeSpan by)
    {
        Now += by;
        foreach (var leaf in Leaves)
            if (leaf.PollTimeout() is { } t && t <= Now) leaf.HandleTimeout(Now);
        Pump();
    }

    /// <summary>Delivers effects between leaves until quiet.</summary>
    public void Pump()
    {
        bool any = true;
        while (any)
        {
            any = false;
            for (int i = 0; i < Leaves.Count; i++)
            {
                var leaf = Leaves[i];
                while (leaf.TryPollEffect(out var effect))
                {
                    any = true;
                    Log.Add((i + 1, effect));
                    for (int j = 0; j < Leaves.Count; j++)
                    {
                        if (j == i) continue;
                        if (effect is Originate o) Leaves[j].ApplyRemote(o.Route, o.Attributes, leaf.LocalVtep, Now);
                        else if (effect is Withdraw w) Leaves[j].WithdrawRemote(w.Route, Now);
                    }
                }
            }
        }
    }

    public FdbEntry? Fdb(int leaf, MacAddress mac) =>
        this[leaf].TryGetDomainByVni(Vni, out var bd) && bd.TryLookup(mac, out var e) ? e : null;

    public IEnumerable<T> EffectsOf<T>(int leaf) where T : MacVrfEffect =>
        Log.Where(x => x.Leaf == leaf).Select(x => x.Effect).OfType<T>();

    public void ClearLog() => Log.Clear();
}
