using System.Globalization;
using Akka.Actor;
using ActorFabric.Fabric.Metrics;
using ActorFabric.Protocols.Bgp.Session;

namespace ActorFabric.Fabric.Runtime;

// The metric families, read from the device/link gauges at scrape time.
public sealed partial class FabricRuntime
{
    private ConvergenceReport? _lastConvergence;

    private void RegisterMetrics()
    {
        var t = Topology;
        var d = _directory;
        var states = Enum.GetValues<BgpSessionState>();
        Metrics.Register(new MetricFamily("actorfabric_bgp_sessions", MetricType.Gauge, "BGP sessions by FSM state per device.", ["device", "state"], () =>
        {
            var samples = new List<MetricSample>();
            foreach (var n in t.Nodes)
                foreach (var s in states)
                    samples.Add(new MetricSample([n.Name, s.ToString().ToLowerInvariant()], Volatile.Read(ref d.DeviceGauges[n.Index].SessionsByState[(int)s])));
            return samples;
        }));
        Metrics.Register(new MetricFamily("actorfabric_evpn_routes", MetricType.Gauge, "Remote EVPN routes imported per device, by route type.", ["device", "type"], () =>
        {
            var samples = new List<MetricSample>();
            foreach (var n in t.Nodes)
            {
                if (!n.IsVtep) continue;
                var g = d.DeviceGauges[n.Index];
                samples.Add(new MetricSample([n.Name, "2"], Volatile.Read(ref g.Type2Routes)));
                samples.Add(new MetricSample([n.Name, "3"], Volatile.Read(ref g.Type3Routes)));
            }
            return samples;
        }));
        Metrics.Register(new MetricFamily("actorfabric_fdb_entries", MetricType.Gauge, "FDB entries per device (all bridge domains).", ["device"], () =>
        {
            var samples = new List<MetricSample>();
            foreach (var n in t.Nodes)
                if (n.IsVtep) samples.Add(new MetricSample([n.Name], Volatile.Read(ref d.DeviceGauges[n.Index].FdbEntries)));
            return samples;
        }));
        Metrics.Register(new MetricFamily("actorfabric_bum_copies_sent_total", MetricType.Counter, "BUM copies sent into the fabric per device (ingress replication).", ["device"], () =>
        {
            var samples = new List<MetricSample>();
            foreach (var n in t.Nodes)
                if (n.IsVtep) samples.Add(new MetricSample([n.Name], Volatile.Read(ref d.DeviceGauges[n.Index].BumCopies)));
            return samples;
        }));
        Metrics.Register(new MetricFamily("actorfabric_link_frames_total", MetricType.Counter, "Frames carried per link and direction.", ["link", "direction"], () => LinkSamples(false)));
        Metrics.Register(new MetricFamily("actorfabric_link_bytes_total", MetricType.Counter, "Bytes carried per link and direction.", ["link", "direction"], () => LinkSamples(true)));
        Metrics.Register(new MetricFamily("actorfabric_convergence_seconds", MetricType.Gauge, "Emulated seconds from the start to convergence (NaN before).", [], () =>
        {
            var r = _lastConvergence;
            return [new MetricSample([], r is { Converged: true } ? r.EmulatedTime.TotalSeconds : double.NaN)];
        }));
        Metrics.Register(new MetricFamily("actorfabric_convergence_wall_seconds", MetricType.Gauge, "Wall-clock seconds the last convergence wait took (NaN before).", [], () =>
        {
            var r = _lastConvergence;
            return [new MetricSample([], r is { Converged: true } ? r.WallTime.TotalSeconds : double.NaN)];
        }));
        Metrics.Register(new MetricFamily("actorfabric_actor_mailbox_depth", MetricType.Gauge, "Messages waiting in a device actor's mailbox.", ["device"], () =>
        {
            var samples = new List<MetricSample>();
            foreach (var n in t.Nodes) samples.Add(new MetricSample([n.Name], MailboxDepth(d.Devices[n.Index])));
            return samples;
        }));
        Metrics.Register(new MetricFamily("actorfabric_messages_in_flight", MetricType.Gauge, "Messages waiting in the mailboxes of all device, host and fabric-link actors.", [], () =>
        {
            long total = 0;
            foreach (var refs in (IActorRef[][])[d.Devices, d.Hosts, d.Links])
                foreach (var r in refs) total += MailboxDepth(r);
            return [new MetricSample([], total)];
        }));
        Metrics.Register(new MetricFamily("actorfabric_messages_processed_total", MetricType.Counter, "Actor messages processed.", [], () =>
            [new MetricSample([], MessagesProcessed)]));
    }

    private static long MailboxDepth(IActorRef actor) => actor is ActorRefWithCell local ? local.Underlying.NumberOfMessages : 0;

    private IEnumerable<MetricSample> LinkSamples(bool bytes)
    {
        var t = Topology;
        var d = _directory;
        foreach (var l in t.Links)
        {
            var g = d.LinkGauges[l.Index];
            string name = $"{t.Nodes[l.A].Name}:{l.APort}-{t.Nodes[l.B].Name}:{l.BPort}";
            yield return new MetricSample([name, "a_to_b"], bytes ? Volatile.Read(ref g.BytesAtoB) : Volatile.Read(ref g.FramesAtoB));
            yield return new MetricSample([name, "b_to_a"], bytes ? Volatile.Read(ref g.BytesBtoA) : Volatile.Read(ref g.FramesBtoA));
        }
        foreach (var h in t.Hosts)
        {
            var g = d.HostLinkGauges[h.Index];
            string name = string.Create(CultureInfo.InvariantCulture, $"{h.Name}:eth0-{t.Nodes[h.Leaf].Name}:{h.Port}");
            yield return new MetricSample([name, "a_to_b"], bytes ? Volatile.Read(ref g.BytesAtoB) : Volatile.Read(ref g.FramesAtoB));
            yield return new MetricSample([name, "b_to_a"], bytes ? Volatile.Read(ref g.BytesBtoA) : Volatile.Read(ref g.FramesBtoA));
        }
    }
}
