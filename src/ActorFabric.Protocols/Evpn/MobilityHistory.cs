namespace ActorFabric.Protocols.Evpn;

/// <summary>Mobility bookkeeping of one MAC (RFC 7432 §15.1): the move window and the duplicate freeze.</summary>
internal sealed class MobilityHistory
{
    public bool Duplicate;
    public TimeSpan DuplicateSince;
    public TimeSpan? MoveWindowStart;
    public int MovesInWindow;
}
