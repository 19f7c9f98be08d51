using ActorFabric.Wire.Bgp;

namespace ActorFabric.Protocols.Tests.Bgp.Fuzz;

/// <summary>
/// The FSM half of the fuzzing requirement (the decoder half is in Wire.Tests): over 100,000 random and mutated messages
/// go as a byte stream through <see cref="Transport.BgpStreamReader"/> into an Established route-reflector peer.
/// No exception escapes; every message ends as none / attribute-discard / treat-as-withdraw with the session kept,
/// or as a NOTIFICATION + session down; and the Loc-RIB, the Adj-RIB-In and what a reflector client was sent all
/// equal a model of the accepted UPDATEs.
/// </summary>
public class SpeakerFuzzTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public void Mutated_byte_streams_into_an_established_peer_end_in_rfc_actions_and_keep_the_ribs_equal_to_a_model()
    {
        var rng = new Random(20261122);
        var rig = new FuzzedPeerRig();
        var mutator = new EvpnUpdateMutator(rng, FuzzedPeerRig.RouterId);
        var tally = new Dictionary<FuzzOutcome, int>();
        int largestRib = 0, decoded = 0, mutatedCount = 0;
        const int chunks = 170_000;
        for (int i = 0; i < chunks; i++)
        {
            var bytes = mutator.Next(rig.Fuzzed.CodecOptions, out bool mutated);
            if (mutated) mutatedCount++;
            // Arbitrary TCP segmentation: one message's bytes in one or two pieces.
            int split = rng.Next(3) == 0 ? rng.Next(bytes.Length + 1) : bytes.Length;
            foreach (var piece in new[] { bytes[..split], bytes[split..] })
            {
                foreach (var (_, outcome) in rig.Feed(piece))
                {
                    tally[outcome] = tally.GetValueOrDefault(outcome) + 1;
                    decoded++;
                }
            }
            if (i % 500 == 499)
            {
                rig.CheckConsistency();
                largestRib = Math.Max(largestRib, rig.Model.Count);
            }
        }
        rig.CheckConsistency();
        output.WriteLine($"{chunks} chunks ({mutatedCount} mutated or random), {decoded} messages decoded, {rig.Resets} resets, largest RIB {largestRib}: " +
                         string.Join(", ", tally.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key} {kv.Value}")));

        Assert.True(mutatedCount >= 100_000, $"only {mutatedCount} mutated or random messages");
        // The corpus must reach every outcome and build real RIB state, or it proves little.
        Assert.True(tally.GetValueOrDefault(FuzzOutcome.None) > 10_000, "too few clean messages");
        Assert.True(tally.GetValueOrDefault(FuzzOutcome.NotificationSent) > 1_000, "too few resets");
        Assert.True(tally.GetValueOrDefault(FuzzOutcome.TreatAsWithdraw) > 500, "too few treat-as-withdraw");
        Assert.True(tally.GetValueOrDefault(FuzzOutcome.AttributeDiscard) > 10, "too few attribute discards");
        Assert.True(largestRib > 30, "the RIB never held more than a handful of routes");
    }
}
