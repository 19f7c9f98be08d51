using ActorFabric.Wire.Bfd;

namespace ActorFabric.Wire.Tests.Bfd;

public class BfdControlPacketTests
{
    // Hand-assembled from the RFC 5880 §4.1 diagram: Vers=1 Diag=0 | Sta=Up(3), no flags |
    // DetectMult 3 | Length 24 | MyDisc 1 | YourDisc 2 | 300 000 µs | 300 000 µs | echo 0.
    private static readonly byte[] UpVector =
    [
        0x20, 0xC0, 0x03, 0x18,
        0x00, 0x00, 0x00, 0x01,
        0x00, 0x00, 0x00, 0x02,
        0x00, 0x04, 0x93, 0xE0,
        0x00, 0x04, 0x93, 0xE0,
        0x00, 0x00, 0x00, 0x00,
    ];

    // Vers=1 Diag=1 (detection time expired) | Sta=Down(1), P set | DetectMult 5 | Length 24 |
    // MyDisc 0xDEADBEEF | YourDisc 0 | 1 s | 250 ms | 50 ms.
    private static readonly byte[] DownPollVector =
    [
        0x21, 0x60, 0x05, 0x18,
        0xDE, 0xAD, 0xBE, 0xEF,
        0x00, 0x00, 0x00, 0x00,
        0x00, 0x0F, 0x42, 0x40,
        0x00, 0x03, 0xD0, 0x90,
        0x00, 0x00, 0xC3, 0x50,
    ];

    [Fact]
    public void Encodes_an_up_packet_exactly_as_the_rfc_layout()
    {
        var packet = new BfdControlPacket(BfdState.Up, BfdDiagnostic.None, 3, 1, 2, 300_000, 300_000);

        Assert.Equal(UpVector, packet.ToArray());
    }

    [Fact]
    public void Decodes_the_known_vectors_field_by_field()
    {
        Assert.Equal(BfdDecodeError.None, BfdControlPacket.TryRead(DownPollVector, out var p));

        Assert.Equal(BfdState.Down, p.State);
        Assert.Equal(BfdDiagnostic.ControlDetectionTimeExpired, p.Diagnostic);
        Assert.True(p.Poll);
        Assert.False(p.Final);
        Assert.False(p.Demand);
        Assert.False(p.ControlPlaneIndependent);
        Assert.Equal(5, p.DetectMultiplier);
        Assert.Equal(0xDEADBEEFu, p.MyDiscriminator);
        Assert.Equal(0u, p.YourDiscriminator);
        Assert.Equal(1_000_000u, p.DesiredMinTxIntervalMicroseconds);
        Assert.Equal(250_000u, p.RequiredMinRxIntervalMicroseconds);
        Assert.Equal(50_000u, p.RequiredMinEchoRxIntervalMicroseconds);
        Assert.Equal(DownPollVector, p.ToArray());
    }

    [Fact]
    public void Round_trips_every_state_diagnostic_and_flag()
    {
        foreach (var state in Enum.GetValues<BfdState>())
        foreach (var diag in Enum.GetValues<BfdDiagnostic>())
        for (int flags = 0; flags < 8; flags++)
        {
            var packet = new BfdControlPacket(state, diag, 3, 7, state is BfdState.Init or BfdState.Up ? 9u : 0u, 1, 2, 3,
                Poll: (flags & 1) != 0, Final: (flags & 2) != 0, ControlPlaneIndependent: (flags & 4) != 0);
            Assert.Equal(BfdDecodeError.None, BfdControlPacket.TryRead(packet.ToArray(), out var back));
            Assert.Equal(packet, back);
        }
    }

    [Fact]
    public void Rejects_every_truncation_of_the_mandatory_section()
    {
        for (int length = 0; length < BfdControlPacket.MandatoryLength; length++)
        {
            Assert.Equal(BfdDecodeError.Truncated, BfdControlPacket.TryRead(UpVector.AsSpan(0, length), out _));
        }
    }

    [Theory]
    [InlineData(0, 0x40, BfdDecodeError.UnsupportedVersion)]    // version 2
    [InlineData(3, 0x17, BfdDecodeError.LengthTooShort)]        // Length 23
    [InlineData(3, 0x19, BfdDecodeError.Truncated)]             // Length 25 beyond the buffer
    [InlineData(2, 0x00, BfdDecodeError.ZeroDetectMultiplier)]
    [InlineData(1, 0xC1, BfdDecodeError.MultipointSet)]
    [InlineData(1, 0xC4, BfdDecodeError.AuthenticationNotSupported)]
    [InlineData(7, 0x00, BfdDecodeError.ZeroMyDiscriminator)]
    [InlineData(11, 0x00, BfdDecodeError.ZeroYourDiscriminator)] // Up with Your Discriminator 0
    public void Applies_the_packet_only_discard_rules_of_section_6_8_6(int offset, byte value, BfdDecodeError expected)
    {
        var bytes = (byte[])UpVector.Clone();
        bytes[offset] = value;

        Assert.Equal(expected, BfdControlPacket.TryRead(bytes, out _));
    }

    [Fact]
    public void Ignores_bytes_beyond_the_length_field()
    {
        var padded = UpVector.Concat(new byte[] { 0xAA, 0xBB }).ToArray();

        Assert.Equal(BfdDecodeError.None, BfdControlPacket.TryRead(padded, out var p));
        Assert.Equal(BfdState.Up, p.State);
    }
}
