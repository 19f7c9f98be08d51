using ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Wire.Bgp;

/// <summary>
/// The decoded path-attribute field of an UPDATE (or a bare attribute list): the shared attributes, the
/// MP_REACH / MP_UNREACH attributes, and the errors found with the RFC 7606 action they call for.
/// </summary>
public sealed record PathAttributeBlock(PathAttributes Attributes, MpReachNlri? MpReach, MpUnreachNlri? MpUnreach, BgpDecodeError[] Errors)
{
    public BgpErrorAction Action => BgpDecodeError.Strongest(Errors);
    public NotificationMessage? Notification => BgpDecodeError.FirstReset(Errors)?.ToNotification();
}
