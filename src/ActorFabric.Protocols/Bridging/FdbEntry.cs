using System.Net;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Protocols.Bridging;

/// <summary>
/// One forwarding-database entry of a bridge domain, immutable so it can be handed out in events.
/// Local entries (<see cref="FdbEntryKind.Learned"/>, <see cref="FdbEntryKind.Static"/>) use <see cref="Port"/>;
/// remote entries use <see cref="Vtep"/> + <see cref="Vni"/> (the VNI to put in the VXLAN header, i.e. the
/// route's Label1, RFC 8365 §5.1.3). <see cref="Esi"/> is the Ethernet segment the MAC sits behind (zero
/// when single-homed); aliasing over several VTEPs will resolve it later.
/// </summary>
public readonly record struct FdbEntry(MacAddress Mac, FdbEntryKind Kind, PortId Port, IPAddress? Vtep, uint Vni, EthernetSegmentId Esi)
{
    public bool IsLocal => Kind != FdbEntryKind.Remote;
    public bool IsRemote => Kind == FdbEntryKind.Remote;

    public static FdbEntry Local(MacAddress mac, FdbEntryKind kind, PortId port, EthernetSegmentId esi) => new(mac, kind, port, null, 0, esi);
    public static FdbEntry Remote(MacAddress mac, IPAddress vtep, uint vni, EthernetSegmentId esi) => new(mac, FdbEntryKind.Remote, default, vtep, vni, esi);

    public override string ToString() => IsLocal ? $"{Mac} {Kind} {Port}" : $"{Mac} remote {Vtep} vni {Vni}";
}
