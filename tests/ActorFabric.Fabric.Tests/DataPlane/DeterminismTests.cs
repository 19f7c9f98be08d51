using ActorFabric.Wire.Hashing;
using static ActorFabric.Fabric.Tests.DataPlane.DataPlaneTestFabric;

namespace ActorFabric.Fabric.Tests.DataPlane;

public sealed class DeterminismTests
{
    private static uint Digest()
    {
        using var f = new DataPlaneTestFabric();
        f["h1"].Ping(HostIp(2), 3, TimeSpan.FromMilliseconds(100), 56, f.Now);
        f["h3"].Ping(HostIp(99), 1, TimeSpan.FromMilliseconds(100), 8, f.Now);
        f["h5"].StartUdpFlow(HostIp(6), 5001, 40000, 5, TimeSpan.FromMilliseconds(10), 64, f.Now);
        f.RunFor(TimeSpan.FromSeconds(2));
        uint hash = Fnv1a.Offset32;
        foreach (var w in f.Wire)
        {
            hash = Fnv1a.Append32(hash, BitConverter.GetBytes(w.At.Ticks));
            hash = Fnv1a.Append32(hash, System.Text.Encoding.UTF8.GetBytes(w.From + ">" + w.To + w.ToPort));
            hash = Fnv1a.Append32(hash, w.Frame);
        }
        return hash;
    }

    [Fact]
    public void The_same_scenario_produces_the_same_frames_at_the_same_times_bit_for_bit()
    {
        Assert.Equal(Digest(), Digest());
    }
}
