using ActorFabric.Fabric.DataPlane;
using ActorFabric.Fabric.Hosts;
using ActorFabric.Fabric.Runtime;

namespace ActorFabric.Cli.Tests.Fabric;

// The recorded OISM answer: leaf3 of topologies/oism.yaml after src1 (VLAN 100 at leaf1) sent 20 datagrams to 239.1.1.1;
// the PEG (border1 there, leaf4 in the quickstart names this fabric answers for) and its receivers got them too.
// Other devices have no OISM tenant.
internal sealed partial class RecordedFabric
{
    public Task<OismTable> OismAsync(string device)
    {
        if (device is not ("leaf3" or "leaf4")) return Task.FromResult(new OismTable(device, [], 0, 0, 0, 0));
        bool peg = device == "leaf4";
        var tenant = new OismTenantState("tenant1", peg ? "Border leaf (PEG)" : "Server leaf", 999, 10999,
            peg ? "0x011b [I:igmp-proxy,M:mld-proxy,oism,peg,oism-sbd]" : "0x010b [I:igmp-proxy,M:mld-proxy,oism,oism-sbd]",
            [new OismBridgeDomain(200, 10200, "revenue", "00:00:5e:00:01:01", 1), new OismBridgeDomain(999, 10999, "SBD", "02:ac:00:00:00:05", 0)],
            [
                new OismPeer("10.0.0.11", "leaf1", "0x010b [I:igmp-proxy,M:mld-proxy,oism,oism-sbd]", true, false),
                new OismPeer("10.0.0.21", "leaf4", "0x011b [I:igmp-proxy,M:mld-proxy,oism,peg,oism-sbd]", true, true),
            ],
            [
                new OismSbdRoute("239.1.1.1", "*", "10.0.0.13", "leaf3", true),
                new OismSbdRoute("239.1.1.1", "*", "10.0.0.21", "leaf4", false),
            ],
            [new OismFlowCounters("tenant1", "192.168.100.10", "239.1.1.1", 10999, [10200], 20, 20, 0, peg ? 20 : 0)],
            peg ? "198.51.100.10" : null, peg ? ["239.1.1.1"] : [],
            peg ? [new MulticastStreamReception("239.1.1.1", "192.168.100.10", 1, 20, 1280, 0, 0, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10.19)) { LastTtl = 7 }] : []);
        return Task.FromResult(new OismTable(device, [tenant], 20, 0, 0, 0));
    }
}
