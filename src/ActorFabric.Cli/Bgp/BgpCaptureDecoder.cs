using System.Net;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Pcap;

namespace ActorFabric.Cli.Bgp;

/// <summary>One BGP message found in a capture, with when and between whom it travelled.</summary>
public sealed record CapturedBgpMessage(DateTimeOffset Timestamp, IPEndPoint Source, IPEndPoint Destination, int Length, byte[] Bytes, BgpDecodeResult Result);

/// <summary>
/// Finds BGP sessions (TCP port 179) in a capture, reassembles each direction, splits it into messages and decodes
/// them. Codec options follow the OPENs seen: 4-octet AS and Extended Message when both sides offered them,
/// ADD-PATH receive for EVPN when the sender offered send and the receiver receive (RFC 7911 §4), external when the ASes differ.
/// </summary>
public static class BgpCaptureDecoder
{
    public static List<CapturedBgpMessage> Decode(byte[] pcap, int port = BgpConstants.Port)
    {
        var result = new List<CapturedBgpMessage>();
        var directions = new Dictionary<string, (TcpDirectionReassembler Stream, bool Broken)>();
        var opens = new Dictionary<string, OpenMessage>();
        foreach (var record in CaptureFile.Read(pcap))
        {
            var seg = CapturedTcpSegment.TryParse(record.LinkType, record.Frame);
            if (seg is null || (seg.Source.Port != port && seg.Destination.Port != port)) continue;
            string key = $"{seg.Source}>{seg.Destination}";
            if (!directions.TryGetValue(key, out var dir)) dir = (new TcpDirectionReassembler(), false);
            if (dir.Broken) continue;
            dir.Stream.Add(seg);
            var stream = dir.Stream.Stream;
            while (stream.Count >= BgpConstants.HeaderLength)
            {
                var buffer = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(stream);
                var options = OptionsFor(seg.Source, seg.Destination, opens);
                if (!BgpMessageReader.TryReadFrame(buffer, BgpConstants.MaxExtendedMessageLength, out int len, out var headerError))
                {
                    if (headerError is null) break;
                    // A broken header leaves no way to find the next message in this direction.
                    result.Add(new CapturedBgpMessage(record.Timestamp, seg.Source, seg.Destination, buffer.Length, buffer[..Math.Min(buffer.Length, 64)].ToArray(),
                        BgpDecodeResult.Failed(headerError with { Reason = headerError.Reason + "; the rest of this direction is skipped" })));
                    dir.Broken = true;
                    break;
                }
                var bytes = buffer[..len].ToArray();
                var decoded = BgpMessageReader.Decode(bytes, options);
                if (decoded.Message is OpenMessage open) opens[seg.Source.ToString()] = open;
                result.Add(new CapturedBgpMessage(record.Timestamp, seg.Source, seg.Destination, len, bytes, decoded));
                stream.RemoveRange(0, len);
            }
            directions[key] = dir;
        }
        return result;
    }

    private static BgpCodecOptions OptionsFor(IPEndPoint sender, IPEndPoint receiver, Dictionary<string, OpenMessage> opens)
    {
        if (!opens.TryGetValue(sender.ToString(), out var mine) || !opens.TryGetValue(receiver.ToString(), out var theirs)) return BgpCodecOptions.Default;
        bool Has<T>(OpenMessage o) => o.Capabilities.OfType<T>().Any();
        bool AddPath(OpenMessage o, AddPathDirection d) => o.Capabilities.OfType<AddPathCapability>()
            .Any(c => c.Families.Any(f => f.Afi == BgpConstants.AfiL2vpn && f.Safi == BgpConstants.SafiEvpn && (f.Direction & d) != 0));
        return new BgpCodecOptions
        {
            FourOctetAs = Has<FourOctetAsCapability>(mine) && Has<FourOctetAsCapability>(theirs),
            ExtendedMessage = Has<ExtendedMessageCapability>(mine) && Has<ExtendedMessageCapability>(theirs),
            AddPathReceiveEvpn = AddPath(mine, AddPathDirection.Send) && AddPath(theirs, AddPathDirection.Receive),
            AddPathSendEvpn = AddPath(theirs, AddPathDirection.Send) && AddPath(mine, AddPathDirection.Receive),
            ExternalPeer = mine.EffectiveAs != theirs.EffectiveAs,
        };
    }
}
