using System.Buffers;
using System.Net;
using ActorFabric.Protocols.Bgp.Speaker;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;
using ActorFabric.Wire.Packets;
using BenchmarkDotNet.Attributes;

namespace ActorFabric.Benchmarks.Bgp;

/// <summary>
/// Type-2 UPDATE decode, and packing by the speaker's <see cref="EvpnUpdatePacker"/> then encoding, ~94 NLRI per 4096-octet message. Divide by <see cref="Routes"/> for per-NLRI cost.
/// Run: <c>dotnet run -c Release --project tests/ActorFabric.Benchmarks -- --filter '*BgpCodec*'</c>.
/// </summary>
[MemoryDiagnoser]
public class BgpCodecBenchmarks
{
    public const int Routes = 10_000;
    private readonly BgpCodecOptions _options = BgpCodecOptions.Default;
    private EvpnRoute[] _routes = [];
    private PathAttributes _attrs = PathAttributes.Empty;
    private readonly EvpnUpdatePacker _packer = new();
    private byte[] _wire = [];
    private (int Offset, int Length)[] _frames = [];
    private readonly IPAddress _nextHop = IPAddress.Parse("10.0.0.1");
    private readonly ArrayBufferWriter<byte> _buffer = new(Routes * 64);

    [GlobalSetup]
    public void Setup()
    {
        var rd = RouteDistinguisher.FromIpv4(_nextHop, 100);
        _routes = new EvpnRoute[Routes];
        for (int i = 0; i < Routes; i++)
            _routes[i] = new MacIpAdvertisementRoute(rd, EthernetSegmentId.Zero, 0, new MacAddress(0x0200_0000_0000UL + (ulong)i),
                new IPAddress(new byte[] { 10, (byte)(i >> 16), (byte)(i >> 8), (byte)i }), 10100, 50000);
        _attrs = new PathAttributes
        {
            Origin = Origin.Igp, AsPath = AsPath.Empty, LocalPref = 100,
            ExtendedCommunities = [ExtendedCommunity.AutoDerivedRouteTarget(65000, 10100), ExtendedCommunity.VxlanEncapsulation],
        };
        EncodeType2Updates();
        _wire = _buffer.WrittenMemory.ToArray();
        var frames = new List<(int, int)>();
        for (int p = 0; p < _wire.Length;)
        {
            BgpMessageReader.TryReadFrame(_wire.AsSpan(p), _options.MaxMessageLength, out int len, out _);
            frames.Add((p, len));
            p += len;
        }
        _frames = frames.ToArray();
    }

    [Benchmark]
    public int DecodeType2Updates()
    {
        int n = 0;
        foreach (var (offset, length) in _frames)
            n += ((UpdateMessage)BgpMessageReader.Decode(_wire.AsSpan(offset, length), _options).Message!).MpReach!.EvpnRoutes.Length;
        return n;
    }

    [Benchmark]
    public int EncodeType2Updates()
    {
        _buffer.ResetWrittenCount();
        foreach (var r in _routes) _packer.Announce(r, _attrs, _nextHop);
        return _packer.BuildInto(_buffer, _options);
    }
}
