using System.Diagnostics;
using System.Net;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Protocols.Bridging;

/// <summary>
/// How a bridge domain stores one FDB entry: 16 bytes beside its MAC key instead of the full
/// <see cref="FdbEntry"/> (which repeats the MAC and carries a 16-byte ESI). A local entry keeps its port, a
/// remote one its VTEP and VNI in the same field; a non-zero ESI (multihoming, rare) lives in a side table.
/// </summary>
internal readonly struct FdbSlot
{
    private readonly IPAddress? _vtep;
    private readonly uint _portOrVni;
    private readonly FdbEntryKind _kind;
    public readonly bool HasEsi;

    public FdbSlot(in FdbEntry entry)
    {
        // Entries come from FdbEntry.Local/Remote: a local one has no VTEP or VNI, a remote one no port.
        Debug.Assert(entry.IsLocal ? entry.Vtep is null && entry.Vni == 0 : entry.Port == default && entry.Vtep is not null);
        _kind = entry.Kind;
        _vtep = entry.Vtep;
        _portOrVni = entry.IsLocal ? (uint)entry.Port.Value : entry.Vni;
        HasEsi = !entry.Esi.IsZero;
    }

    public bool IsRemote => _kind == FdbEntryKind.Remote;
    public IPAddress? Vtep => _vtep;

    public FdbEntry ToEntry(MacAddress mac, Wire.Bgp.EthernetSegmentId esi) =>
        _kind == FdbEntryKind.Remote
            ? new FdbEntry(mac, _kind, default, _vtep, _portOrVni, esi)
            : new FdbEntry(mac, _kind, new PortId((int)_portOrVni), null, 0, esi);
}
