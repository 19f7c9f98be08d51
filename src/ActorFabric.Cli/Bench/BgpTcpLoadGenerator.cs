using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ActorFabric.Protocols.Bgp.Speaker;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Cli.Bench;

/// <summary>What one load run against a reflector measured.</summary>
/// <param name="FirstRoute">From the first UPDATE an originator wrote to the first route any client received; null if none arrived.</param>
public sealed record BgpTcpLoadResult(TimeSpan Elapsed, int Routes, int Clients, long[] RoutesPerClient, long UpdatesToClients, bool Completed,
    TimeSpan? FirstRoute = null);

/// <summary>
/// The TCP load for the route-reflector comparison, identical for every target: <c>originators</c> iBGP sessions
/// blast pre-encoded UPDATEs (type-2 MAC+IP routes, a distinct RD per originator, as many NLRI per UPDATE as
/// 4096 octets hold) and <c>clients</c> sessions count the EVPN NLRI in the MP_REACH_NLRI of every UPDATE they
/// receive (framing and attribute walking only, no object decoding, so the load generator stays cheap). The time
/// runs from the first UPDATE written until every client has counted all routes. A measuring tool: it reads the
/// clock and uses threads freely; it decides nothing in protocol code.
/// </summary>
public sealed class BgpTcpLoadGenerator
{
    public const uint Asn = 65000;
    private const int OriginatorMessageLength = BgpConstants.MaxMessageLength;

    private readonly byte[][] _streams;

    public BgpTcpLoadGenerator(int routes, IPAddress[] originators, IPAddress[] clients)
    {
        Routes = routes;
        Originators = originators;
        Clients = clients;
        _streams = new byte[originators.Length][];
        for (int o = 0; o < originators.Length; o++) _streams[o] = Encode(routes, o, originators);
    }

    public int Routes { get; }
    public IPAddress[] Originators { get; }
    public IPAddress[] Clients { get; }
    public long BytesPerRun => _streams.Sum(s => (long)s.Length);

    /// <summary>One originator's UPDATEs: routes n with n % originators == o, RD = originator:1, next hop = originator.</summary>
    private static byte[] Encode(int routes, int o, IPAddress[] originators)
    {
        var address = originators[o];
        var rd = RouteDistinguisher.FromIpv4(address, 1);
        var list = new List<EvpnRoute>(routes / originators.Length + 1);
        for (int n = o; n < routes; n += originators.Length)
            list.Add(new MacIpAdvertisementRoute(rd, EthernetSegmentId.Zero, 0, new MacAddress(0x0200_0000_0000UL + (ulong)n),
                new IPAddress(new[] { (byte)11, (byte)(n >> 16), (byte)(n >> 8), (byte)n }), 10100));
        var attributes = new PathAttributes
        {
            Origin = Origin.Igp, AsPath = AsPath.Empty, LocalPref = 100,
            ExtendedCommunities = [ExtendedCommunity.AutoDerivedRouteTarget((ushort)Asn, 10100), ExtendedCommunity.VxlanEncapsulation],
        };
        var options = BgpCodecOptions.Default;
        var buffer = new ArrayBufferWriter<byte>(list.Count * 45 + 4096);
        var packer = new EvpnUpdatePacker();
        foreach (var r in list) packer.Announce(r, attributes, address);
        packer.BuildInto(buffer, options);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Run the load against a reflector at <paramref name="target"/>; gives up after <paramref name="timeout"/>.</summary>
    public BgpTcpLoadResult Run(IPEndPoint target, TimeSpan timeout, Action<string>? progress = null)
    {
        var sessions = new List<LoadSession>();
        try
        {
            // Clients first, so the reflector has them in its update groups when the routes arrive.
            foreach (var c in Clients) sessions.Add(LoadSession.Open(target, c, countRoutes: true, Routes));
            var originators = new List<LoadSession>();
            foreach (var o in Originators) originators.Add(LoadSession.Open(target, o, countRoutes: false, 0));
            sessions.AddRange(originators);
            var established = Stopwatch.StartNew();
            foreach (var s in sessions) s.WaitEstablished(TimeSpan.FromSeconds(30));
            progress?.Invoke($"{sessions.Count} sessions established in {established.Elapsed.TotalSeconds:F1} s; sending {Routes:N0} routes");

            var clock = Stopwatch.StartNew();
            foreach (var s in sessions) s.Clock = clock;
            var senders = new Thread[originators.Count];
            for (int i = 0; i < senders.Length; i++)
            {
                var session = originators[i];
                var stream = _streams[i];
                senders[i] = new Thread(() => session.Blast(stream)) { IsBackground = true, Name = "bgp-load-originator" };
                senders[i].Start();
            }
            var deadline = Stopwatch.StartNew();
            var keepalive = Stopwatch.StartNew();
            bool done = false;
            while (!done && deadline.Elapsed < timeout)
            {
                done = true;
                foreach (var s in sessions)
                {
                    if (s.Failure is { } f) throw new InvalidOperationException($"load session {s.Local} failed: {f}");
                    if (s.CountRoutes && s.Completed is null) done = false;
                }
                if (keepalive.Elapsed > TimeSpan.FromSeconds(20)) { foreach (var s in sessions) s.SendKeepalive(); keepalive.Restart(); }
                if (!done) Thread.Sleep(2); // measuring harness: poll the counters every 2 ms
            }
            TimeSpan elapsed = TimeSpan.Zero;
            TimeSpan? firstSent = null, firstRoute = null;
            foreach (var o in originators) if (o.FirstSent is { } t && (firstSent is null || t < firstSent)) firstSent = t;
            long updates = 0;
            var counts = new long[Clients.Length];
            for (int i = 0; i < Clients.Length; i++)
            {
                var s = sessions[i];
                counts[i] = s.RoutesReceived;
                updates += s.UpdatesReceived;
                if (s.Completed is { } t && t > elapsed) elapsed = t;
                if (s.FirstRoute is { } f && (firstRoute is null || f < firstRoute)) firstRoute = f;
            }
            return new BgpTcpLoadResult(done ? elapsed : deadline.Elapsed, Routes, Clients.Length, counts, updates, done,
                firstRoute is { } fr && firstSent is { } fs ? fr - fs : null);
        }
        finally
        {
            foreach (var s in sessions) s.Dispose();
        }
    }

    /// <summary>One raw BGP session of the load generator (blocking socket, one reader thread).</summary>
    private sealed class LoadSession : IDisposable
    {
        private readonly Socket _socket;
        private readonly Thread _reader;
        private readonly object _sendGate = new();
        private readonly ManualResetEventSlim _established = new();
        private readonly long _expected;
        private long _routes;
        private long _updates;

        private LoadSession(Socket socket, IPAddress local, bool countRoutes, long expected)
        {
            _socket = socket;
            Local = local;
            CountRoutes = countRoutes;
            _expected = expected;
            _reader = new Thread(ReadLoop) { IsBackground = true, Name = "bgp-load-reader" };
        }

        public IPAddress Local { get; }
        public bool CountRoutes { get; }
        public Stopwatch? Clock { get; set; }
        public TimeSpan? Completed { get; private set; }
        /// <summary>Clock time when this originator began writing its UPDATEs.</summary>
        public TimeSpan? FirstSent { get; private set; }
        /// <summary>Clock time when this client received its first route.</summary>
        public TimeSpan? FirstRoute { get; private set; }
        public string? Failure { get; private set; }
        public long RoutesReceived => Interlocked.Read(ref _routes);
        public long UpdatesReceived => Interlocked.Read(ref _updates);

        public static LoadSession Open(IPEndPoint target, IPAddress local, bool countRoutes, long expected)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
            {
                NoDelay = true, ReceiveBufferSize = 4 << 20, SendBufferSize = 4 << 20,
            };
            socket.Bind(new IPEndPoint(local, 0));
            socket.Connect(target);
            var session = new LoadSession(socket, local, countRoutes, expected);
            var open = new OpenMessage(4, (ushort)Asn, 180, ToUInt(local),
            [
                new MultiprotocolCapability(BgpConstants.AfiL2vpn, BgpConstants.SafiEvpn),
                new RouteRefreshCapability(),
                new FourOctetAsCapability(Asn),
                new ExtendedMessageCapability(),
            ]);
            session.Send(BgpMessageWriter.ToBytes(open, BgpCodecOptions.Default));
            session._reader.Start();
            return session;
        }

        public void WaitEstablished(TimeSpan within)
        {
            if (!_established.Wait(within)) throw new TimeoutException($"load session {Local} did not reach Established{(Failure is null ? "" : ": " + Failure)}");
        }

        public void SendKeepalive() => Send(BgpMessageWriter.ToBytes(new KeepaliveMessage(), BgpCodecOptions.Default));

        public void Blast(byte[] stream)
        {
            try
            {
                const int chunk = 1 << 20;
                FirstSent = Clock?.Elapsed;
                for (int p = 0; p < stream.Length; p += chunk)
                    lock (_sendGate) _socket.Send(stream, p, Math.Min(chunk, stream.Length - p), SocketFlags.None);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException) { Failure ??= e.Message; }
        }

        private void Send(byte[] bytes)
        {
            try { lock (_sendGate) _socket.Send(bytes); }
            catch (Exception e) when (e is SocketException or ObjectDisposedException) { Failure ??= e.Message; }
        }

        private void ReadLoop()
        {
            var buffer = new byte[1 << 20];
            int start = 0, end = 0;
            bool openSeen = false;
            try
            {
                while (true)
                {
                    if (end == buffer.Length)
                    {
                        Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                        end -= start;
                        start = 0;
                    }
                    int n = _socket.Receive(buffer, end, buffer.Length - end, SocketFlags.None);
                    if (n == 0) { if (!_disposed) Failure ??= "closed by the reflector"; return; }
                    end += n;
                    while (end - start >= BgpConstants.HeaderLength)
                    {
                        int length = BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(start + 16));
                        if (length < BgpConstants.HeaderLength) { Failure ??= "bad BGP length"; return; }
                        if (end - start < length) break;
                        var message = buffer.AsSpan(start, length);
                        switch (message[18])
                        {
                            case 1: // OPEN: answer with KEEPALIVE (RFC 4271 §8.2.2 OpenSent → OpenConfirm)
                                openSeen = true;
                                SendKeepalive();
                                break;
                            case 4:
                                if (openSeen) _established.Set();
                                break;
                            case 3:
                                Failure ??= $"NOTIFICATION {message[19]}/{message[20]}";
                                return;
                            case 2:
                                Interlocked.Increment(ref _updates);
                                if (CountRoutes)
                                {
                                    int count = CountEvpnNlri(message);
                                    if (count > 0 && FirstRoute is null && Clock is { } first) FirstRoute = first.Elapsed;
                                    long total = Interlocked.Add(ref _routes, count);
                                    if (total >= _expected && Completed is null && Clock is { } c) Completed = c.Elapsed;
                                }
                                break;
                        }
                        start += length;
                    }
                    if (start == end) start = end = 0;
                    else if (start > buffer.Length / 2)
                    {
                        Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                        end -= start;
                        start = 0;
                    }
                    if (end == buffer.Length && start == 0) { Failure ??= "message larger than the read buffer"; return; }
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException) { if (!_disposed) Failure ??= e.Message; }
        }

        /// <summary>Counts EVPN NLRI in an UPDATE's MP_REACH_NLRI (RFC 4760 §3) by walking lengths only.</summary>
        internal static int CountEvpnNlri(ReadOnlySpan<byte> update)
        {
            int p = BgpConstants.HeaderLength;
            int withdrawn = BinaryPrimitives.ReadUInt16BigEndian(update[p..]);
            p += 2 + withdrawn;
            int attrsLength = BinaryPrimitives.ReadUInt16BigEndian(update[p..]);
            p += 2;
            int attrsEnd = p + attrsLength;
            int count = 0;
            while (p < attrsEnd)
            {
                byte flags = update[p];
                byte type = update[p + 1];
                int len, hdr;
                if ((flags & 0x10) != 0) { len = BinaryPrimitives.ReadUInt16BigEndian(update[(p + 2)..]); hdr = 4; }
                else { len = update[p + 2]; hdr = 3; }
                if (type == 14)
                {
                    var v = update.Slice(p + hdr, len);
                    if (BinaryPrimitives.ReadUInt16BigEndian(v) == BgpConstants.AfiL2vpn && v[2] == BgpConstants.SafiEvpn)
                    {
                        int q = 4 + v[3] + 1; // afi, safi, next-hop length, next hop, reserved
                        while (q + 2 <= v.Length) { q += 2 + v[q + 1]; count++; }
                    }
                }
                p += hdr + len;
            }
            return count;
        }

        private volatile bool _disposed;

        public void Dispose()
        {
            _disposed = true;
            try { _socket.Shutdown(SocketShutdown.Both); } catch (SocketException) { }
            _socket.Dispose();
            _reader.Join(TimeSpan.FromSeconds(5));
        }
    }

    private static uint ToUInt(IPAddress a)
    {
        var b = a.GetAddressBytes();
        return (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
    }
}
