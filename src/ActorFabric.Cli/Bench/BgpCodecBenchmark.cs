using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using ActorFabric.Protocols.Bgp.Speaker;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Cli.Bench;

/// <summary>Figures of one codec run: NLRI per second for decoding and encoding type-2 UPDATEs packed to 4096 octets.</summary>
public sealed record BgpCodecBenchmarkResult(
    double DecodeNlriPerSecond,
    double EncodeNlriPerSecond,
    double EncodeMessageNlriPerSecond,
    int NlriPerMessage,
    int Messages,
    long DecodeAllocatedBytesPerNlri)
{
    /// <summary>Writes the figures as properties of the current JSON object (keys decode_nlri_per_s, encode_nlri_per_s, …).</summary>
    public void WriteJsonProperties(Utf8JsonWriter w)
    {
        w.WriteNumber("decode_nlri_per_s", Math.Round(DecodeNlriPerSecond));
        w.WriteNumber("encode_nlri_per_s", Math.Round(EncodeNlriPerSecond));
        w.WriteNumber("encode_message_nlri_per_s", Math.Round(EncodeMessageNlriPerSecond));
        w.WriteNumber("nlri_per_update", NlriPerMessage);
        w.WriteNumber("decode_allocated_bytes_per_nlri", DecodeAllocatedBytesPerNlri);
    }
}

/// <summary>
/// Measures the BGP codec on the route-reflection workload: type-2 MAC+IP routes (symmetric IRB, so with Label2)
/// sharing one attribute set, as many per UPDATE as 4096 octets allow. Decode = <see cref="BgpMessageReader.Decode"/>
/// of whole UPDATEs; encode = the speaker's <see cref="EvpnUpdatePacker"/> packing the routes and writing the UPDATEs
/// (the RR hot path); encode_message = <see cref="BgpMessageWriter.Write"/> of UpdateMessage objects already packed.
/// For `actorfabric bench bgp`.
/// </summary>
public static class BgpCodecBenchmark
{
    public static BgpCodecBenchmarkResult Run(TimeSpan durationPerFigure, int routes = 20_000)
    {
        var options = BgpCodecOptions.Default;
        var routeList = new EvpnRoute[routes];
        var rd = RouteDistinguisher.FromIpv4(IPAddress.Parse("10.0.0.1"), 100);
        for (int i = 0; i < routes; i++)
            routeList[i] = new MacIpAdvertisementRoute(rd, EthernetSegmentId.Zero, 0, new MacAddress(0x0200_0000_0000UL + (ulong)i),
                new IPAddress(new byte[] { 10, (byte)(i >> 16), (byte)(i >> 8), (byte)i }), 10100, 50000);
        var attrs = new PathAttributes
        {
            Origin = Origin.Igp, AsPath = AsPath.Empty, LocalPref = 100, OriginatorId = 0x0A000001, ClusterList = [0x0A0000FE],
            ExtendedCommunities = [ExtendedCommunity.AutoDerivedRouteTarget(65000, 10100), ExtendedCommunity.AutoDerivedRouteTarget(65000, 50000),
                ExtendedCommunity.VxlanEncapsulation, ExtendedCommunity.RoutersMac(new MacAddress(0x0200_0000_0001UL))],
        };
        var nextHop = IPAddress.Parse("10.0.0.1");
        var buffer = new ArrayBufferWriter<byte>(routes * 64);
        var packer = new EvpnUpdatePacker();
        int messages = Pack(packer, routeList, attrs, nextHop).BuildInto(buffer, options);
        var wire = buffer.WrittenMemory.ToArray();
        var frames = new List<(int Offset, int Length)>();
        for (int p = 0; p < wire.Length;)
        {
            BgpMessageReader.TryReadFrame(wire.AsSpan(p), options.MaxMessageLength, out int len, out _);
            frames.Add((p, len));
            p += len;
        }
        var packed = new List<PackedUpdate>();
        Pack(packer, routeList, attrs, nextHop).Build(options.MaxMessageLength, packed);
        var updates = packed.Select(p => p.Message).ToList();

        // Warm up every path so the tiered JIT has settled before timing.
        for (int i = 0; i < 3; i++) { DecodeAll(wire, frames, options); EncodeAll(buffer, packer, routeList, attrs, nextHop, options); EncodeMessages(buffer, updates, options); }

        long allocBefore = GC.GetAllocatedBytesForCurrentThread();
        DecodeAll(wire, frames, options);
        long allocPerNlri = (GC.GetAllocatedBytesForCurrentThread() - allocBefore) / routes;

        double decode = Measure(durationPerFigure, () => DecodeAll(wire, frames, options));
        double encode = Measure(durationPerFigure, () => EncodeAll(buffer, packer, routeList, attrs, nextHop, options));
        double encodeMessages = Measure(durationPerFigure, () => EncodeMessages(buffer, updates, options));
        return new BgpCodecBenchmarkResult(decode, encode, encodeMessages, routes / messages, messages, allocPerNlri);
    }

    /// <summary>Runs <paramref name="pass"/> (which returns NLRI handled) until the duration is used; returns NLRI per second.</summary>
    private static double Measure(TimeSpan duration, Func<int> pass)
    {
        long nlri = 0;
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < duration) nlri += pass();
        return nlri / sw.Elapsed.TotalSeconds;
    }

    private static int DecodeAll(byte[] wire, List<(int Offset, int Length)> frames, BgpCodecOptions options)
    {
        int n = 0;
        foreach (var (offset, length) in frames)
        {
            var r = BgpMessageReader.Decode(wire.AsSpan(offset, length), options);
            n += ((UpdateMessage)r.Message!).MpReach!.EvpnRoutes.Length;
        }
        return n;
    }

    private static int EncodeAll(ArrayBufferWriter<byte> buffer, EvpnUpdatePacker packer, EvpnRoute[] routes, PathAttributes attrs, IPAddress nextHop, BgpCodecOptions options)
    {
        buffer.ResetWrittenCount();
        Pack(packer, routes, attrs, nextHop).BuildInto(buffer, options);
        return routes.Length;
    }

    private static EvpnUpdatePacker Pack(EvpnUpdatePacker packer, EvpnRoute[] routes, PathAttributes attrs, IPAddress nextHop)
    {
        foreach (var r in routes) packer.Announce(r, attrs, nextHop);
        return packer;
    }

    private static int EncodeMessages(ArrayBufferWriter<byte> buffer, List<UpdateMessage> updates, BgpCodecOptions options)
    {
        buffer.ResetWrittenCount();
        int n = 0;
        foreach (var u in updates) { BgpMessageWriter.Write(u, buffer, options); n += u.MpReach!.EvpnRoutes.Length; }
        return n;
    }
}
