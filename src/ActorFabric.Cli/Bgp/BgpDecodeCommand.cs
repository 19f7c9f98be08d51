using System.CommandLine;
using System.Text.Json;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Cli.Bgp;

/// <summary>
/// <c>actorfabric bgp decode HEX | --pcap FILE</c>: prints what a BGP message (or a bare UPDATE body, EVPN NLRI, path
/// attribute list, extended community or ESI) contains, as JSON, including the RFC 7606 action a receiver would take.
/// </summary>
public static class BgpDecodeCommand
{
    public static Command Create()
    {
        var hex = new Argument<string?>("hex") { Arity = ArgumentArity.ZeroOrOne, Description = "Hex bytes (spaces, colons and 0x allowed): a whole BGP message unless a kind flag says otherwise." };
        var nlri = new Option<bool>("--nlri") { Description = "The hex is one or more EVPN NLRI entries (type, length, value)." };
        var attribute = new Option<bool>("--attribute") { Description = "The hex is one or more path attributes (flags, type, length, value)." };
        var community = new Option<bool>("--community") { Description = "The hex is one or more 8-octet extended communities." };
        var esi = new Option<bool>("--esi") { Description = "The hex is one or more 10-octet Ethernet Segment Identifiers (RFC 7432 §5)." };
        var updateBody = new Option<bool>("--update-body") { Description = "The hex is an UPDATE without its 19-octet header (also assumed when HEX does not start with 0xFFFF, the start of a marker)." };
        var pcap = new Option<FileInfo?>("--pcap") { Description = "A classic pcap capture of BGP sessions (TCP port 179); every message is printed." };
        var twoOctet = new Option<bool>("--two-octet-as") { Description = "Decode as a session without 4-octet AS (2-octet AS_PATH, AS4_PATH)." };
        var addPath = new Option<bool>("--add-path") { Description = "EVPN NLRI carry ADD-PATH path identifiers." };
        var external = new Option<bool>("--external") { Description = "The sender is an external (eBGP) peer." };
        var cmd = new Command("decode", "Decode BGP bytes (hex or a pcap) and print the fields as JSON.") { hex, nlri, attribute, community, esi, updateBody, pcap, twoOctet, addPath, external };
        cmd.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var options = new BgpCodecOptions
            {
                FourOctetAs = !parse.GetValue(twoOctet),
                AddPathReceiveEvpn = parse.GetValue(addPath),
                AddPathSendEvpn = parse.GetValue(addPath),
                ExternalPeer = parse.GetValue(external),
                ExtendedMessage = true,
            };
            var file = parse.GetValue(pcap);
            var text = parse.GetValue(hex);
            int kinds = (parse.GetValue(nlri) ? 1 : 0) + (parse.GetValue(attribute) ? 1 : 0) + (parse.GetValue(community) ? 1 : 0) +
                (parse.GetValue(esi) ? 1 : 0) + (parse.GetValue(updateBody) ? 1 : 0);
            if ((file is null) == (text is null) || kinds > 1 || (file is not null && kinds > 0))
            {
                error.WriteLine("actorfabric bgp decode: give either HEX (optionally with one of --nlri, --attribute, --community, --esi, --update-body) or --pcap FILE");
                return CliApp.ExitUsage;
            }
            try
            {
                var json = Render(w =>
                {
                    if (file is not null) WriteCapture(w, File.ReadAllBytes(file.FullName));
                    else
                    {
                        var bytes = ParseHex(text!);
                        if (parse.GetValue(nlri)) WriteNlri(w, bytes, options);
                        else if (parse.GetValue(attribute)) WriteAttributes(w, bytes, options);
                        else if (parse.GetValue(community)) WriteCommunities(w, bytes);
                        else if (parse.GetValue(esi)) WriteEsis(w, bytes);
                        else if (parse.GetValue(updateBody) || !StartsWithMarker(bytes)) WriteUpdateBody(w, bytes, options);
                        else WriteMessage(w, bytes, options);
                    }
                });
                output.WriteLine(json);
                return 0;
            }
            catch (Exception e) when (e is FormatException or InvalidDataException or IOException)
            {
                error.WriteLine($"actorfabric bgp decode: {e.Message}");
                return 1;
            }
        });
        return cmd;
    }

    public static byte[] ParseHex(string text)
    {
        var clean = new System.Text.StringBuilder(text.Length);
        var t = text.Replace("0x", "", StringComparison.OrdinalIgnoreCase);
        foreach (var c in t)
        {
            if (char.IsAsciiHexDigit(c)) clean.Append(c);
            else if (!(char.IsWhiteSpace(c) || c is ':' or '-' or ',')) throw new FormatException($"'{c}' is not a hex digit");
        }
        if (clean.Length % 2 != 0) throw new FormatException("odd number of hex digits");
        return Convert.FromHexString(clean.ToString());
    }

    private static string Render(Action<Utf8JsonWriter> write)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
            write(w);
        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }

    private static void WriteMessage(Utf8JsonWriter w, byte[] bytes, BgpCodecOptions options)
    {
        // Frame first so a short or long buffer is reported the way a receiver would see it.
        if (!BgpMessageReader.TryReadFrame(bytes, options.MaxMessageLength, out int len, out var headerError) && headerError is null)
        {
            w.WriteStartObject();
            w.WriteString("action", "incomplete");
            w.WriteNumber("octets", bytes.Length);
            w.WriteEndObject();
            return;
        }
        var result = headerError is not null ? BgpDecodeResult.Failed(headerError) : BgpMessageReader.Decode(bytes.AsSpan(0, len), options);
        w.WriteStartObject();
        w.WriteString("action", BgpJsonRenderer.ActionName(result.Action));
        if (result.Notification is { } n) { w.WritePropertyName("notification"); BgpJsonRenderer.WriteMessage(w, n); }
        if (result.Message is { } m) { w.WritePropertyName("message"); BgpJsonRenderer.WriteMessage(w, m); }
        if (headerError is null && len < bytes.Length) w.WriteNumber("trailing_octets", bytes.Length - len);
        // Whether our encoder gives back the very same bytes: false is normal for attribute order or length-field
        // choices, but it points at what a pass-through (route reflector) would change.
        if (result.Action == BgpErrorAction.None && result.Message is { } decoded)
            w.WriteBoolean("reencodes_identically", BgpMessageWriter.ToBytes(decoded, options).AsSpan().SequenceEqual(bytes.AsSpan(0, len)));
        BgpJsonRenderer.WriteErrors(w, result.Errors);
        w.WriteEndObject();
    }

    /// <summary>
    /// A whole message starts with the all-ones marker (RFC 4271 §4.1); an UPDATE body starts with its Withdrawn
    /// Routes Length, which is never 0xFFFF (§4.3). So two 0xFF octets mean a message (a damaged marker is then
    /// reported as the header error a receiver sends), anything else an UPDATE body.
    /// </summary>
    private static bool StartsWithMarker(byte[] bytes) => bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFF;

    private static void WriteUpdateBody(Utf8JsonWriter w, byte[] bytes, BgpCodecOptions options)
    {
        var result = BgpMessageReader.DecodeUpdateBody(bytes, options);
        w.WriteStartObject();
        w.WriteString("input", "update-body");
        w.WriteString("action", BgpJsonRenderer.ActionName(result.Action));
        if (result.Notification is { } n) { w.WritePropertyName("notification"); BgpJsonRenderer.WriteMessage(w, n); }
        if (result.Message is { } m) { w.WritePropertyName("message"); BgpJsonRenderer.WriteMessage(w, m); }
        BgpJsonRenderer.WriteErrors(w, result.Errors);
        w.WriteEndObject();
    }

    private static void WriteEsis(Utf8JsonWriter w, byte[] bytes)
    {
        if (bytes.Length == 0 || bytes.Length % EthernetSegmentId.Length != 0)
            throw new FormatException($"an ESI is 10 octets; got {bytes.Length}");
        w.WriteStartObject();
        w.WriteStartArray("esis");
        for (int i = 0; i < bytes.Length; i += EthernetSegmentId.Length)
        {
            var esi = EthernetSegmentId.Read(bytes.AsSpan(i));
            w.WriteStartObject();
            BgpJsonRenderer.WriteEsi(w, esi);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteNlri(Utf8JsonWriter w, byte[] bytes, BgpCodecOptions options)
    {
        w.WriteStartObject();
        w.WriteStartArray("evpn_routes");
        string? error = null;
        int p = 0;
        while (p < bytes.Length)
        {
            uint? id = null;
            if (options.AddPathReceiveEvpn)
            {
                if (bytes.Length - p < 4) { error = "path identifier truncated"; break; }
                id = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(p));
                p += 4;
            }
            if (EvpnNlriCodec.TryRead(bytes.AsSpan(p), out var route, out int used, out var entryError)) BgpJsonRenderer.WriteRoute(w, route, id);
            else if (entryError!.IsSessionReset) { error = entryError.Reason; break; }
            else
            {
                // Delimited but malformed: shown raw with the key a receiver would withdraw (RFC 7606 §5.3).
                var entry = bytes.AsSpan(p, used);
                BgpJsonRenderer.WriteUndecodableRoute(w, new UndecodableEvpnRoute(entry[0], entry[2..].ToArray(), entryError.Reason, EvpnNlriCodec.RecoverKey(entry)) { PathId = id });
            }
            p += used;
        }
        w.WriteEndArray();
        if (error is not null) { w.WriteString("error", error); w.WriteNumber("error_offset", p); }
        w.WriteEndObject();
    }

    private static void WriteAttributes(Utf8JsonWriter w, byte[] bytes, BgpCodecOptions options)
    {
        var block = PathAttributeCodec.Decode(bytes, options);
        w.WriteStartObject();
        w.WriteString("action", BgpJsonRenderer.ActionName(block.Action));
        if (block.Notification is { } n) { w.WritePropertyName("notification"); BgpJsonRenderer.WriteMessage(w, n); }
        w.WritePropertyName("attributes");
        BgpJsonRenderer.WriteAttributes(w, block.Attributes);
        if (block.MpReach is not null || block.MpUnreach is not null)
        {
            w.WritePropertyName("nlri");
            BgpJsonRenderer.WriteMessage(w, new UpdateMessage { MpReach = block.MpReach, MpUnreach = block.MpUnreach });
        }
        BgpJsonRenderer.WriteErrors(w, block.Errors);
        w.WriteEndObject();
    }

    private static void WriteCommunities(Utf8JsonWriter w, byte[] bytes)
    {
        if (bytes.Length == 0 || bytes.Length % ExtendedCommunity.Length != 0)
            throw new FormatException($"extended communities are 8 octets each; got {bytes.Length}");
        w.WriteStartObject();
        w.WriteStartArray("extended_communities");
        for (int i = 0; i < bytes.Length; i += 8) BgpJsonRenderer.WriteExtendedCommunity(w, ExtendedCommunity.Read(bytes.AsSpan(i)));
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteCapture(Utf8JsonWriter w, byte[] pcap)
    {
        var messages = BgpCaptureDecoder.Decode(pcap);
        w.WriteStartObject();
        w.WriteNumber("count", messages.Count);
        w.WriteStartArray("messages");
        foreach (var m in messages)
        {
            w.WriteStartObject();
            w.WriteString("timestamp", m.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("src", m.Source.ToString());
            w.WriteString("dst", m.Destination.ToString());
            w.WriteNumber("length", m.Length);
            w.WriteString("action", BgpJsonRenderer.ActionName(m.Result.Action));
            if (m.Result.Notification is { } n) { w.WritePropertyName("notification"); BgpJsonRenderer.WriteMessage(w, n); }
            if (m.Result.Message is { } msg) { w.WritePropertyName("message"); BgpJsonRenderer.WriteMessage(w, msg); }
            BgpJsonRenderer.WriteErrors(w, m.Result.Errors);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
