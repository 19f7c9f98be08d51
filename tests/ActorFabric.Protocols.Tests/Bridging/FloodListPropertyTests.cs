using System.Net;
using ActorFabric.Protocols.Bridging;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;
using FsCheck;
using FsCheck.Fluent;

namespace ActorFabric.Protocols.Tests.Bridging;

public class FloodListPropertyTests
{
    private static readonly byte[] FlagChoices = [0, FloodListMember.FlagPruneBroadcastMulticast, FloodListMember.FlagPruneUnknownUnicast];

    [Fact]
    public void Ingress_replication_targets_always_equal_the_sorted_set_of_present_unpruned_vteps()
    {
        // Each op: VTEP index (0–7), add or remove, PMSI flags; the model is a plain dictionary.
        var op = Gen.Zip(Gen.Zip(Gen.Choose(0, 7), Gen.Elements(true, false)), Gen.Choose(0, 2));
        var property = Prop.ForAll(Arb.From(Gen.ListOf(op)), ops =>
        {
            var list = new FloodList();
            var model = new Dictionary<int, byte>();
            foreach (var ((vtep, add), flagIndex) in ops)
            {
                // Insert high addresses first half the time so order must come from sorting, not insertion.
                var ip = new IPAddress([10, 0, 0, (byte)(200 - vtep * 10)]);
                var route = new InclusiveMulticastRoute(RouteDistinguisher.FromIpv4(ip, 1), 0, ip);
                if (add)
                {
                    var flags = FlagChoices[flagIndex];
                    list.Upsert(route, ip, new PmsiTunnel(flags, PmsiTunnel.TypeIngressReplication, 5000, ip.GetAddressBytes()));
                    model[vtep] = flags;
                }
                else
                {
                    list.Remove(route);
                    model.Remove(vtep);
                }
            }
            bool Matches(BumTrafficKind kind, byte prune)
            {
                var expected = model.Where(kv => (kv.Value & prune) == 0).Select(kv => (byte)(200 - kv.Key * 10)).Order()
                    .Select(last => new FloodTarget(new IPAddress([10, 0, 0, last]), 5000)).ToArray();
                return list.IngressReplicationTargets(kind).ToArray().SequenceEqual(expected);
            }
            return list.Count == model.Count &&
                   Matches(BumTrafficKind.Broadcast, FloodListMember.FlagPruneBroadcastMulticast) &&
                   Matches(BumTrafficKind.Multicast, FloodListMember.FlagPruneBroadcastMulticast) &&
                   Matches(BumTrafficKind.UnknownUnicast, FloodListMember.FlagPruneUnknownUnicast);
        });
        Check.QuickThrowOnFailure(property);
    }

    [Fact]
    public void Ingress_replication_count_always_equals_the_members_whose_pmsi_is_ingress_replication()
    {
        // Each op: route index (0–5), then 0 = remove, 1 = upsert as IR, 2 = upsert as a replicator's AR route,
        // 3 = upsert without PMSI (IR by default, RFC 8365 §9); a replaced member may change type.
        var op = Gen.Zip(Gen.Choose(0, 5), Gen.Choose(0, 3));
        var property = Prop.ForAll(Arb.From(Gen.ListOf(op)), ops =>
        {
            var list = new FloodList();
            var model = new Dictionary<int, bool>();
            foreach (var (index, action) in ops)
            {
                var ip = new IPAddress([10, 0, 0, (byte)(10 + index)]);
                var route = new InclusiveMulticastRoute(RouteDistinguisher.FromIpv4(ip, 1), 0, ip);
                switch (action)
                {
                    case 0:
                        list.Remove(route);
                        model.Remove(index);
                        break;
                    case 1:
                        list.Upsert(route, ip, PmsiTunnel.IngressReplication(5000, ip));
                        model[index] = true;
                        break;
                    case 2:
                        list.Upsert(route, ip, PmsiTunnel.AssistedReplication(5000, ip));
                        model[index] = false;
                        break;
                    default:
                        list.Upsert(route, ip, null);
                        model[index] = true;
                        break;
                }
            }
            int counted = 0;
            foreach (var m in list.Members) if (m.IsIngressReplication) counted++;
            return list.IngressReplicationCount == model.Count(kv => kv.Value) && list.IngressReplicationCount == counted;
        });
        Check.QuickThrowOnFailure(property);
    }
}
