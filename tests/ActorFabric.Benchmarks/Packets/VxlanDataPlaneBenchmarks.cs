using ActorFabric.Wire.Hashing;
using ActorFabric.Wire.Packets;
using BenchmarkDotNet.Attributes;

namespace ActorFabric.Benchmarks.Packets;

/// <summary>
/// Per-packet data-plane cost at a leaf: flow hash of the inner frame, VXLAN encapsulation into a
/// reused buffer, decapsulation, and a full outer→inner description. All should be allocation-free.
/// </summary>
[MemoryDiagnoser]
public class VxlanDataPlaneBenchmarks
{
    private byte[] _inner = [];
    private byte[] _encapsulated = [];
    private readonly byte[] _buffer = new byte[FrameBuilder.MaxFrameLength + 64];
    private VxlanOuterStack _outer;

    [Params(64, 1514)]
    public int InnerFrameLength { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var payload = new byte[InnerFrameLength - 14 - 20 - 8];
        _inner = FrameBuilder.UdpDatagram(MacAddress.Parse("02:00:00:00:01:01"), MacAddress.Parse("02:00:00:00:01:02"),
            Ipv4Address.Parse("10.1.1.1"), Ipv4Address.Parse("10.1.1.2"), 40000, 5001, payload);
        _outer = new VxlanOuterStack(MacAddress.Parse("0a:00:00:00:00:01"), MacAddress.Parse("0a:00:00:00:00:f1"),
            Ipv4Address.Parse("192.0.2.1"), Ipv4Address.Parse("192.0.2.2"), 10100);
        _encapsulated = VxlanEncapsulation.Encapsulate(_outer, _inner);
    }

    [Benchmark]
    public uint FlowHashOfInnerFrame() => FlowHash.OfFrame(_inner);

    [Benchmark]
    public int Encapsulate()
    {
        VxlanEncapsulation.TryEncapsulate(_outer, _inner, _buffer, out int written);
        return written;
    }

    [Benchmark]
    public int Decapsulate()
    {
        VxlanEncapsulation.TryDecapsulate(_encapsulated, out var outer, out var inner);
        return inner.Length + (int)outer.Vni;
    }

    [Benchmark]
    public uint DescribeOuterAndInner() => FrameDescription.Parse(_encapsulated).Vni;
}
