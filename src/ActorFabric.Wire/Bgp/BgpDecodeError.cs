namespace ActorFabric.Wire.Bgp;

/// <summary>
/// One problem found while decoding a BGP message, in one value: the NOTIFICATION code, subcode and data it would
/// carry (RFC 4271 §4.5, §6), the RFC 7606 approach a receiver takes (<see cref="Action"/>) and a reason for the log
/// (RFC 7606 §8). GoBGP's <c>MessageError</c> has the same shape. Only errors whose action is
/// <see cref="BgpErrorAction.SessionReset"/> are ever sent; for the milder approaches code and subcode say which rule
/// of RFC 4271 §6.3 was broken.
/// </summary>
public sealed record BgpDecodeError(byte Code, byte Subcode, BgpErrorAction Action, string Reason, byte[] Data)
{
    /// <summary>An UPDATE Message Error (code 3) with the given approach.</summary>
    public static BgpDecodeError Update(byte subcode, BgpErrorAction action, string reason, byte[]? data = null) =>
        new(BgpErrorCodes.UpdateMessageError, subcode, action, reason, data ?? []);

    /// <summary>An error that resets the session with NOTIFICATION <paramref name="code"/>/<paramref name="subcode"/>.</summary>
    public static BgpDecodeError Reset(byte code, byte subcode, string reason, byte[]? data = null) =>
        new(code, subcode, BgpErrorAction.SessionReset, reason, data ?? []);

    /// <summary>Something logged that changes nothing (e.g. an unrecognised optional non-transitive attribute, RFC 4271 §5).</summary>
    public static BgpDecodeError Note(string reason) => new(0, 0, BgpErrorAction.None, reason, []);

    public bool IsSessionReset => Action == BgpErrorAction.SessionReset;

    /// <summary>The NOTIFICATION this error sends when it resets the session.</summary>
    public NotificationMessage ToNotification() => new(Code, Subcode, Data);

    /// <summary>The same error handled with another approach (e.g. AS4_PATH problems are attribute discard, RFC 6793 §6).</summary>
    public BgpDecodeError WithAction(BgpErrorAction action, string? reason = null) => this with { Action = action, Reason = reason ?? Reason };

    /// <summary>The approach a list of errors calls for: the most disruptive one (RFC 7606 §3 g).</summary>
    public static BgpErrorAction Strongest(ReadOnlySpan<BgpDecodeError> errors)
    {
        var a = BgpErrorAction.None;
        foreach (var e in errors) if (e.Action > a) a = e.Action;
        return a;
    }

    /// <summary>The first error of a list that resets the session: the NOTIFICATION to send.</summary>
    public static BgpDecodeError? FirstReset(BgpDecodeError[] errors) => Array.Find(errors, e => e.IsSessionReset);

    public bool Equals(BgpDecodeError? other) =>
        other is not null && Code == other.Code && Subcode == other.Subcode && Action == other.Action && Reason == other.Reason && Data.AsSpan().SequenceEqual(other.Data);
    public override int GetHashCode() => HashCode.Combine(Code, Subcode, Action, Reason);
    public override string ToString() => Reason;
}
