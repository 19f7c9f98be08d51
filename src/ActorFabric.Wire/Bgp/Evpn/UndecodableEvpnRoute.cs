namespace ActorFabric.Wire.Bgp.Evpn;

/// <summary>
/// An EVPN NLRI entry of a known route type whose Length octet still delimits it inside the NLRI field but whose
/// value does not fit the type's layout (e.g. a type-1 entry of 26 octets). RFC 7606 §5.3 keeps session reset for
/// an NLRI field that cannot be parsed; here the field parses, so only this entry is treated as withdrawn
/// (RFC 7606 §2, scoped to the entry the way §5.4 scopes an unknown route type) and the other routes of the UPDATE
/// stand. <see cref="Key"/> is the route as far as its key fields could still be read (non-key fields zero), so a
/// receiver can withdraw what it held under that key; null when even the key is unreadable.
/// </summary>
public sealed record UndecodableEvpnRoute(byte TypeCode, byte[] Value, string Reason, EvpnRoute? Key)
{
    /// <summary>ADD-PATH path identifier of the entry (RFC 7911 §3), when ADD-PATH was in force.</summary>
    public uint? PathId { get; init; }

    public bool Equals(UndecodableEvpnRoute? other) =>
        other is not null && TypeCode == other.TypeCode && Value.AsSpan().SequenceEqual(other.Value) && Reason == other.Reason &&
        Equals(Key, other.Key) && PathId == other.PathId;
    public override int GetHashCode() => HashCode.Combine(TypeCode, Value.Length, Reason);
}
