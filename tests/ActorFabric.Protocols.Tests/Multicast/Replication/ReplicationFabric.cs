using System.Net;
using ActorFabric.Protocols.Bridging;
using ActorFabric.Protocols.Multicast.Replication;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Protocols.Tests.Multicast.Replication;

/// <summary>
/// A bridge domain's flood list shaped like the Junos document's figures: two replicators (spine1/spine2, IR IPs
/// 10.0.0.1/.2, AR IPs 10.0.1.1/.2), AR leaves 10.0.0.11–14 and a regular NVE 10.0.0.20.
/// </summary>
internal static class ReplicationFabric
{
    public const uint Vni = 10100;
    public static readonly IPAddress Spine1 = Ip("10.0.0.1"), Spine2 = Ip("10.0.0.2");
    public static readonly IPAddress Ar1 = Ip("10.0.1.1"), Ar2 = Ip("10.0.1.2");
    public static readonly IPAddress Leaf1 = Ip("10.0.0.11"), Leaf2 = Ip("10.0.0.12"), Leaf3 = Ip("10.0.0.13"), Leaf4 = Ip("10.0.0.14");
    public static readonly IPAddress RegularNve = Ip("10.0.0.20");
    public const ushort IgmpProxy = FloodListMember.MulticastFlagIgmpProxy;

    public static IPAddress Ip(string text) => IPAddress.Parse(text);

    public static InclusiveMulticastRoute Imet(IPAddress originator, IPAddress rdAddress) =>
        new(RouteDistinguisher.FromIpv4(rdAddress, 1), 0, originator);

    public static void AddVtep(FloodList list, IPAddress vtep, int role, ushort? flags = null, uint vni = Vni) =>
        list.Upsert(Imet(vtep, vtep), vtep, PmsiTunnel.IngressReplication(vni, vtep, PmsiTunnel.RoleFlags(role)), flags);

    /// <summary>Both type-3 routes of a replicator: Regular-IR (T=01 as in the document) and Replicator-AR (same RD).</summary>
    public static void AddReplicator(FloodList list, IPAddress ir, IPAddress ar, bool extended = true, ushort? irFlags = null, uint vni = Vni)
    {
        AddVtep(list, ir, PmsiTunnel.RoleReplicator, irFlags, vni);
        list.Upsert(Imet(ar, ir), ar, PmsiTunnel.AssistedReplication(vni, ar), extended ? AssistedReplication.MulticastFlagExtendedMhAr : null);
    }

    public static void RemoveReplicatorArRoute(FloodList list, IPAddress ir, IPAddress ar) => list.Remove(Imet(ar, ir));

    /// <summary>The figure's fabric seen from <paramref name="local"/> (which is left out of its own flood list).</summary>
    public static FloodList Fabric(IPAddress local, ushort? leafFlags = null, uint vni = Vni)
    {
        var list = new FloodList();
        foreach (var (ir, ar) in new[] { (Spine1, Ar1), (Spine2, Ar2) })
            if (!ir.Equals(local)) AddReplicator(list, ir, ar, vni: vni);
        foreach (var leaf in new[] { Leaf1, Leaf2, Leaf3, Leaf4 })
            if (!leaf.Equals(local)) AddVtep(list, leaf, PmsiTunnel.RoleLeaf, leafFlags, vni);
        if (!RegularNve.Equals(local)) AddVtep(list, RegularNve, PmsiTunnel.RoleRegularNve, null, vni);
        return list;
    }

    public static AssistedReplicationOptions LeafOptions => new() { Role = AssistedReplicationRole.Leaf };
    public static AssistedReplicationOptions ReplicatorOptions => new() { Role = AssistedReplicationRole.Replicator, ReplicatorIp = Ar1 };

    /// <summary>An AR instance whose replicators are already active (refreshed, then past the activation delay).</summary>
    public static AssistedReplication Active(AssistedReplicationOptions options, IPAddress local, FloodList list, SelectiveMulticastInterest? interest = null, uint vni = Vni)
    {
        var ar = new AssistedReplication(options, vni, local, list, interest ?? new SelectiveMulticastInterest());
        ar.Refresh(TimeSpan.Zero);
        ar.HandleTimeout(options.ActivationDelay);
        return ar;
    }

    public static SelectiveMulticastRoute Smet(IPAddress originator, string group, string? source = null, MulticastRouteFlags flags = MulticastRouteFlags.IgmpV2) =>
        new(RouteDistinguisher.FromIpv4(originator, 1), 0, source is null ? null : Ip(source), Ip(group), originator, flags);

    public static MulticastFlow Flow(string source, string group) => MulticastFlow.Of(Ip(source), Ip(group));

    public static string[] Vteps(ReadOnlySpan<FloodTarget> targets)
    {
        var names = new string[targets.Length];
        for (int i = 0; i < targets.Length; i++) names[i] = targets[i].Vtep.ToString();
        return names;
    }
}
