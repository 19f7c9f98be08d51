using System.Runtime.CompilerServices;
using ActorFabric.Wire.Bgp;

namespace ActorFabric.Protocols.Bgp.Transport;

/// <summary>
/// Encodes outgoing messages, once per message instance and codec options. The speaker hands the same
/// <see cref="UpdateMessage"/> instance to every member of an update group, so a route reflector with many
/// clients encodes each UPDATE once and writes the same bytes to every client (the way FRR's update groups
/// work). Entries live as long as the message object does (a weak table keyed by the instance).
/// </summary>
public sealed class BgpMessageEncoding
{
    private sealed class Encoded(BgpCodecOptions options, byte[] bytes)
    {
        public readonly BgpCodecOptions Options = options;
        public readonly byte[] Bytes = bytes;
    }

    private readonly ConditionalWeakTable<BgpMessage, Encoded> _cache = new();

    /// <summary>The encoded bytes of <paramref name="message"/>. Callers must not modify the returned array.</summary>
    public byte[] Encode(BgpMessage message, BgpCodecOptions options)
    {
        // Only UPDATEs are shared between peers; the rest are small and per session.
        if (message is not UpdateMessage) return BgpMessageWriter.ToBytes(message, options);
        if (_cache.TryGetValue(message, out var hit) && hit.Options.Equals(options)) return hit.Bytes;
        var bytes = BgpMessageWriter.ToBytes(message, options);
        _cache.AddOrUpdate(message, new Encoded(options, bytes));
        return bytes;
    }
}
