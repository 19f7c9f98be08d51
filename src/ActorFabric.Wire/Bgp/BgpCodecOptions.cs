namespace ActorFabric.Wire.Bgp;

/// <summary>
/// What the codec must know about a session to read and write its messages: negotiated 4-octet AS (RFC 6793),
/// ADD-PATH per direction for EVPN (RFC 7911), Extended Message (RFC 8654), and whether the peer is external
/// (LOCAL_PREF from eBGP is discarded, RFC 7606 §7.5). Defaults fit an OPEN exchange before negotiation.
/// </summary>
public sealed record BgpCodecOptions
{
    public bool FourOctetAs { get; init; } = true;
    public bool AddPathReceiveEvpn { get; init; }
    public bool AddPathSendEvpn { get; init; }
    public bool ExtendedMessage { get; init; }
    public bool ExternalPeer { get; init; }

    public int MaxMessageLength => ExtendedMessage ? BgpConstants.MaxExtendedMessageLength : BgpConstants.MaxMessageLength;

    public static readonly BgpCodecOptions Default = new();
}
