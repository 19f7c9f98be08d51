using ActorFabric.Cli.Report;

namespace ActorFabric.Cli.Tests.Report;

public class DeviceGaugeReadingTests
{
    [Fact]
    public void Reads_established_sessions_routes_of_every_type_and_fdb_per_device_and_sums_bum_copies()
    {
        const string scrape = """
            # HELP actorfabric_bgp_sessions BGP sessions by FSM state per device.
            # TYPE actorfabric_bgp_sessions gauge
            actorfabric_bgp_sessions{device="leaf1",state="idle"} 1
            actorfabric_bgp_sessions{device="leaf1",state="established"} 2
            actorfabric_bgp_sessions{device="spine1",state="established"} 4
            actorfabric_evpn_routes{device="leaf1",type="2"} 6
            actorfabric_evpn_routes{device="leaf1",type="3"} 3
            actorfabric_fdb_entries{device="leaf1"} 8
            actorfabric_fdb_entries{device="unknown"} 99
            actorfabric_bum_copies_sent_total{device="leaf1"} 10
            actorfabric_bum_copies_sent_total{device="leaf2"} 5
            actorfabric_bum_fabric_bytes_total{device="leaf1"} 1000
            actorfabric_convergence_seconds NaN
            """;
        var index = new Dictionary<string, int> { ["spine1"] = 0, ["leaf1"] = 1, ["leaf2"] = 2 };
        var (devices, bum) = DeviceGaugeReading.Parse(scrape, index);
        Assert.Equal([new DeviceFigures(4, 0, 0), new DeviceFigures(2, 9, 8), new DeviceFigures(0, 0, 0)], devices);
        Assert.Equal(15, bum);
    }
}
