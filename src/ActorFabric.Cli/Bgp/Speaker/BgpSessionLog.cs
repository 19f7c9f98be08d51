using System.Text.Json;
using ActorFabric.Protocols.Bgp.Speaker;
using ActorFabric.Wire.Bgp;

namespace ActorFabric.Cli.Bgp.Speaker;

/// <summary>
/// <c>--json</c> logs: one JSON object per line per session event (listening, connection accepted/refused,
/// state change, OPEN received with capabilities, NOTIFICATION sent/received, route counts). Written from the
/// host's loop thread only.
/// </summary>
internal sealed class BgpSessionLog(TextWriter? output)
{
    private readonly MemoryStream _buffer = new();

    public bool Enabled => output is not null;

    public void Listening(System.Net.IPEndPoint endpoint) => Write("listening", w => w.WriteString("address", endpoint.ToString()));

    public void Connection(string what, System.Net.IPEndPoint remote, BgpPeer? peer) => Write(what, w =>
    {
        w.WriteString("remote", remote.ToString());
        if (peer is not null) w.WriteNumber("peer_id", peer.Id);
    });

    public void StateChanged(BgpPeerStateChanged c) => Write("state", w =>
    {
        Peer(w, c.Peer);
        w.WriteString("from", c.From.ToString());
        w.WriteString("to", c.To.ToString());
    });

    /// <summary>A dynamic peer is forgotten after its session went down (the speaker reports no separate state change then).</summary>
    public void PeerRemoved(BgpPeer peer) => Write("peer_removed", w =>
    {
        Peer(w, peer);
        w.WriteString("state", peer.State.ToString());
    });

    public void OpenReceived(BgpPeer peer, OpenMessage open) => Write("open_received", w =>
    {
        Peer(w, peer);
        w.WritePropertyName("open");
        BgpJsonRenderer.WriteMessage(w, open);
    });

    public void Notification(string what, BgpPeer peer, NotificationMessage n) => Write(what, w =>
    {
        Peer(w, peer);
        w.WriteNumber("code", n.Code);
        w.WriteNumber("subcode", n.Subcode);
        w.WriteString("data_hex", Convert.ToHexString(n.Data));
    });

    public void RouteCounts(BgpSpeaker speaker) => Write("routes", w =>
    {
        w.WriteNumber("loc_rib", speaker.LocRib.Count);
        w.WriteStartArray("peers");
        foreach (var p in speaker.Peers)
        {
            w.WriteStartObject();
            Peer(w, p);
            w.WriteString("state", p.State.ToString());
            w.WriteNumber("adj_rib_in", p.AdjRibIn.Count);
            w.WriteNumber("routes_announced", p.Counters.RoutesAnnounced);
            w.WriteNumber("routes_withdrawn", p.Counters.RoutesWithdrawn);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    });

    /// <summary>Every error found decoding a received message, with its RFC 7606 action (RFC 7606 §8: log them).</summary>
    public void DecodeErrors(BgpPeer p, BgpDecodeResult result) => Write("decode_errors", w =>
    {
        Peer(w, p);
        w.WriteString("action", BgpJsonRenderer.ActionName(result.Action));
        BgpJsonRenderer.WriteErrors(w, result.Errors);
    });

    private static void Peer(Utf8JsonWriter w, BgpPeer p)
    {
        w.WriteString("peer", p.Address.ToString());
        w.WriteNumber("peer_id", p.Id);
    }

    private void Write(string @event, Action<Utf8JsonWriter> body)
    {
        if (output is null) return;
        _buffer.SetLength(0);
        using (var w = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("time", DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("event", @event);
            body(w);
            w.WriteEndObject();
        }
        var line = System.Text.Encoding.UTF8.GetString(_buffer.GetBuffer(), 0, (int)_buffer.Length);
        lock (output) { output.WriteLine(line); output.Flush(); }
    }
}
