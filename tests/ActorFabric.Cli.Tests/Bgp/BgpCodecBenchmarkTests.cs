using System.Text.Json;
using ActorFabric.Cli.Bench;

namespace ActorFabric.Cli.Tests.Bgp;

public class BgpCodecBenchmarkTests
{
    [Fact]
    public void Benchmark_reports_decode_and_encode_rates_under_the_agreed_json_keys()
    {
        var result = BgpCodecBenchmark.Run(TimeSpan.FromMilliseconds(20), routes: 500);
        Assert.True(result.DecodeNlriPerSecond > 0 && result.EncodeNlriPerSecond > 0);
        Assert.True(result.NlriPerMessage > 50, "type-2 routes should be packed many to an UPDATE");
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms)) { w.WriteStartObject(); result.WriteJsonProperties(w); w.WriteEndObject(); }
        using var doc = JsonDocument.Parse(ms.ToArray());
        Assert.True(doc.RootElement.GetProperty("decode_nlri_per_s").GetDouble() > 0);
        Assert.True(doc.RootElement.GetProperty("encode_nlri_per_s").GetDouble() > 0);
    }
}
