namespace ActorFabric.Wire.Bgp;

/// <summary>
/// The outcome of decoding one framed message. Never an exception: <see cref="Message"/> is set unless an error
/// resets the session, in which case <see cref="Notification"/> is the NOTIFICATION to send (the first such error's).
/// <see cref="Errors"/> lists every problem found, in order, each with its RFC 7606 approach; <see cref="Action"/> is
/// the strongest of them (RFC 7606 §3 g). With <see cref="BgpErrorAction.TreatAsWithdraw"/> the message is the UPDATE
/// as far as it could be read and every route in its MP_REACH and MP_UNREACH must be withdrawn; with
/// <see cref="BgpErrorAction.RouteWithdraw"/> only the routes in <see cref="MpReachNlri.MalformedEvpnRoutes"/> are.
/// </summary>
public sealed record BgpDecodeResult(BgpMessage? Message, BgpDecodeError[] Errors)
{
    public static BgpDecodeResult Ok(BgpMessage message) => new(message, []);
    public static BgpDecodeResult Failed(BgpDecodeError error) => new(null, [error]);
    public static BgpDecodeResult Reset(byte code, byte subcode, byte[] data, string why) => Failed(BgpDecodeError.Reset(code, subcode, why, data));
    /// <summary>An UPDATE read in full whose routes must all be withdrawn (RFC 7606 §2).</summary>
    public static BgpDecodeResult TreatAsWithdraw(BgpMessage message, string why) =>
        new(message, [BgpDecodeError.Update(BgpErrorCodes.MalformedAttributeList, BgpErrorAction.TreatAsWithdraw, why)]);

    public BgpErrorAction Action => BgpDecodeError.Strongest(Errors);
    /// <summary>The error that resets the session, if any.</summary>
    public BgpDecodeError? ResetError => BgpDecodeError.FirstReset(Errors);
    public NotificationMessage? Notification => ResetError?.ToNotification();
    public bool IsSessionReset => ResetError is not null;
    /// <summary>The reasons, for the log (RFC 7606 §8: log every discard and treat-as-withdraw).</summary>
    public string[] Diagnostics => Array.ConvertAll(Errors, e => e.Reason);

    public bool Equals(BgpDecodeResult? other) => other is not null && Equals(Message, other.Message) && Errors.AsSpan().SequenceEqual(other.Errors);
    public override int GetHashCode() => HashCode.Combine(Message, Errors.Length);
}
