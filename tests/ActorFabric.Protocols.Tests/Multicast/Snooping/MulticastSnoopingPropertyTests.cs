using ActorFabric.Protocols.Bridging;
using ActorFabric.Protocols.Multicast.Snooping;
using FsCheck;
using FsCheck.Fluent;

namespace ActorFabric.Protocols.Tests.Multicast.Snooping;

public class MulticastSnoopingPropertyTests
{
    private static readonly InetAddress G = InetAddress.Parse("239.2.2.2");
    private static readonly InetAddress S = InetAddress.Parse("10.0.0.9");

    [Fact]
    public void Random_joins_and_leaves_list_exactly_the_ports_whose_membership_is_live()
    {
        // Each op: 0 join, 1 leave, 2 nothing; a port (1–3); then time advances 0–4 s (sometimes 300 s).
        var op = Gen.Zip(Gen.Zip(Gen.Choose(0, 2), Gen.Choose(1, 3)), Gen.Frequency((9, Gen.Choose(0, 4000)), (1, Gen.Constant(300_000))));
        var property = Prop.ForAll(Arb.From(Gen.ListOf(op)), ops =>
        {
            var snooping = new MulticastSnooping(null, TimeSpan.Zero);
            // Model per port: the membership deadline (260 s after the last report, or the end of the leave procedure).
            var deadline = new Dictionary<int, TimeSpan>();
            var leaving = new HashSet<int>();
            var now = TimeSpan.Zero;
            var ports = new PortId[4];
            foreach (var ((kind, port), stepMs) in ops)
            {
                if (kind == 0)
                {
                    snooping.HandleRecord(MembershipRecord.Join(new PortId(port), G, MembershipVersion.IgmpV2), now);
                    deadline[port] = now + TimeSpan.FromSeconds(260);
                    leaving.Remove(port);
                }
                else if (kind == 1)
                {
                    snooping.HandleRecord(MembershipRecord.Leave(new PortId(port), G, MembershipVersion.IgmpV2), now);
                    if (deadline.TryGetValue(port, out var until) && !leaving.Contains(port))
                    {
                        leaving.Add(port);
                        var end = now + TimeSpan.FromSeconds(2);
                        if (end < until) deadline[port] = end;
                    }
                }
                now += TimeSpan.FromMilliseconds(stepMs);
                while (snooping.PollTimeout() is { } at && at <= now) snooping.HandleTimeout(at);
                while (snooping.TryPollEffect(out _)) { }
                foreach (var (p, until) in deadline.ToArray())
                    if (until <= now) { deadline.Remove(p); leaving.Remove(p); }

                int n = snooping.CollectForwardingPorts(G, S, null, ports);
                var expected = deadline.Keys.Order().Select(p => new PortId(p)).ToArray();
                if (!ports.AsSpan(0, n).ToArray().SequenceEqual(expected)) return false;
                if (snooping.HasLocalListener(G, S) != (expected.Length > 0)) return false;
            }
            return true;
        });
        Check.QuickThrowOnFailure(property);
    }
}
