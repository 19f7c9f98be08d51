using ActorFabric.Wire.Bgp;

namespace ActorFabric.Wire.Tests.Bgp;

/// <summary>
/// Pushes 120,000 seeded random and mutated messages through framing and decoding: nothing may throw, and each
/// outcome must be one of the RFC actions with a NOTIFICATION code/subcode the RFCs allow for it.
/// </summary>
public class FuzzTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly HashSet<(byte, byte)> AllowedNotifications =
    [
        (1, 1), (1, 2), (1, 3),                         // RFC 4271 §6.1
        (2, 0), (2, 1), (2, 3), (2, 4), (2, 6),         // RFC 4271 §6.2 (0 = unspecific)
        (3, 1), (3, 2), (3, 9), (3, 10),                // RFC 4271 §6.3, RFC 7606, RFC 4760 §7
        (7, 1),                                         // RFC 7313 §5
    ];

    private static readonly BgpCodecOptions[] Sessions =
    [
        BgpCodecOptions.Default,
        new() { FourOctetAs = false, ExternalPeer = true },
        new() { AddPathReceiveEvpn = true, AddPathSendEvpn = true, ExtendedMessage = true },
    ];

    [Fact]
    public void Random_and_mutated_messages_never_escape_the_codec_and_map_to_rfc_actions()
    {
        var rng = new Random(20240601);
        var f = new BgpModelFactory(rng);
        var outcomes = new Dictionary<BgpErrorAction, int>();
        const int total = 120_000;
        for (int i = 0; i < total; i++)
        {
            var o = Sessions[i % Sessions.Length];
            byte[] m = i % 10 == 0 ? RandomBytes(rng) : Mutate(rng, BgpMessageWriter.ToBytes(f.Message(o), o));
            var action = Check(m, o);
            outcomes[action] = outcomes.GetValueOrDefault(action) + 1;
        }
        output.WriteLine(string.Join(", ", outcomes.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}: {kv.Value}")));
        // The corpus must reach every action, or the mutations are too gentle to mean anything.
        Assert.True(outcomes.GetValueOrDefault(BgpErrorAction.None) > 1000, "too few valid messages");
        Assert.True(outcomes.GetValueOrDefault(BgpErrorAction.SessionReset) > 1000, "too few resets");
        Assert.True(outcomes.GetValueOrDefault(BgpErrorAction.TreatAsWithdraw) > 100, "too few treat-as-withdraw");
        Assert.True(outcomes.GetValueOrDefault(BgpErrorAction.AttributeDiscard) > 10, "too few attribute discards");
    }

    private static BgpErrorAction Check(byte[] m, BgpCodecOptions o)
    {
        // Framing over the buffer as received, then decoding whatever the frame says.
        bool framed = BgpMessageReader.TryReadFrame(m, o.MaxMessageLength, out int len, out var headerError);
        if (headerError is not null) Assert.Contains((headerError.Code, headerError.Subcode), AllowedNotifications);
        var r = BgpMessageReader.Decode(framed ? m.AsSpan(0, len) : m, o);
        Assert.NotNull(r.Diagnostics);
        // The decoder's last-resort catch must never be what handled an input.
        Assert.DoesNotContain(r.Diagnostics, d => d.StartsWith("internal decode error", StringComparison.Ordinal));
        if (r.Action == BgpErrorAction.SessionReset)
        {
            Assert.Null(r.Message);
            Assert.NotNull(r.Notification);
            Assert.Contains((r.Notification!.Code, r.Notification.Subcode), AllowedNotifications);
            Assert.NotEmpty(r.Diagnostics);
            return r.Action;
        }
        Assert.NotNull(r.Message);
        Assert.Null(r.Notification);
        if (r.Action != BgpErrorAction.None)
        {
            Assert.IsType<UpdateMessage>(r.Message); // only UPDATEs have softer outcomes (RFC 7606)
            Assert.NotEmpty(r.Diagnostics);
        }
        else
        {
            // Whatever decodes cleanly encodes again and decodes to the same model.
            var again = BgpMessageReader.Decode(BgpMessageWriter.ToBytes(r.Message!, o), o);
            Assert.Equal(BgpErrorAction.None, again.Action);
            Assert.Equal(r.Message, again.Message);
        }
        return r.Action;
    }

    /// <summary>Offsets of the attribute headers of a well-formed UPDATE (empty for other messages).</summary>
    private static List<int> AttributeHeaders(byte[] m)
    {
        var list = new List<int>();
        if (m.Length < 23 || m[18] != 2) return list;
        int wlen = m[19] << 8 | m[20];
        int start = 23 + wlen, end = start + (m[21 + wlen] << 8 | m[22 + wlen]);
        for (int p = start; p + 3 <= end && end <= m.Length;)
        {
            list.Add(p);
            bool ext = (m[p] & 0x10) != 0;
            p += ext ? 4 + (m[p + 2] << 8 | m[p + 3]) : 3 + m[p + 2];
        }
        return list;
    }

    private static byte[] RandomBytes(Random rng)
    {
        var b = new byte[rng.Next(0, 200)];
        rng.NextBytes(b);
        if (b.Length >= 19 && rng.Next(4) != 0)
        {
            b.AsSpan(0, 16).Fill(0xFF);
            if (rng.Next(2) == 0) { b[16] = (byte)(b.Length >> 8); b[17] = (byte)b.Length; }
            if (rng.Next(2) == 0) b[18] = (byte)rng.Next(1, 6);
        }
        return b;
    }

    private static byte[] Mutate(Random rng, byte[] m)
    {
        switch (rng.Next(10))
        {
            case 8 or 9: // an attribute's flags or length (bad attribute flags, lengths that overrun or fall short)
            {
                var headers = AttributeHeaders(m);
                if (headers.Count == 0) goto case 0;
                int at = headers[rng.Next(headers.Count)];
                if (rng.Next(2) == 0) m[at] ^= (byte)(0x10 << rng.Next(4));   // flip Extended Length, Partial, Transitive or Optional
                else
                {
                    int lenAt = at + 2 + ((m[at] & 0x10) != 0 ? 1 : 0);       // low octet of the length
                    m[lenAt] = rng.Next(3) switch { 0 => (byte)(m[lenAt] + 1), 1 => (byte)(m[lenAt] - 1), _ => (byte)rng.Next(256) };
                }
                return m;
            }
            case 0: // bit flips anywhere after the marker
                for (int k = rng.Next(1, 4); k > 0; k--) { int at = rng.Next(16, m.Length); m[at] ^= (byte)(1 << rng.Next(8)); }
                return m;
            case 1: // truncate and fix up the header length so the body is short
            {
                int n = rng.Next(19, m.Length + 1);
                var t = m[..n];
                t[16] = (byte)(n >> 8); t[17] = (byte)n;
                return t;
            }
            case 2: // overlong or short header length
            {
                int len = (m[16] << 8 | m[17]) + rng.Next(-20, 21);
                m[16] = (byte)(len >> 8); m[17] = (byte)len;
                return m;
            }
            case 3: // random flag octet on some attribute-ish position (bad attribute flags)
            case 4: // random length octet (NLRI / attribute lengths that overrun)
            {
                if (m.Length <= 23) goto case 0;
                int at = rng.Next(23, m.Length);
                m[at] = rng.Next(3) switch { 0 => (byte)rng.Next(256), 1 => (byte)(m[at] + 1), _ => (byte)(m[at] - 1) };
                return m;
            }
            case 5: // corrupt a field length in the UPDATE/OPEN body header
            {
                if (m.Length <= 22) goto case 0;
                m[rng.Next(19, 23)] = (byte)rng.Next(256);
                return m;
            }
            case 6: // append junk and fix the length
            {
                var junk = new byte[rng.Next(1, 30)];
                rng.NextBytes(junk);
                var t = new byte[m.Length + junk.Length];
                m.CopyTo(t, 0);
                junk.CopyTo(t, m.Length);
                t[16] = (byte)(t.Length >> 8); t[17] = (byte)t.Length;
                return t;
            }
            default:
                return m; // keep some valid messages in the stream
        }
    }
}
