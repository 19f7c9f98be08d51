namespace ActorFabric.Protocols.Bgp.Session;

/// <summary>
/// Connection collision resolution (RFC 4271 §6.8): when two connections to the same peer exist, keep the one
/// opened by the speaker with the higher BGP Identifier and close the other with Cease / Connection Collision
/// Resolution (RFC 4486). An Established connection always survives against a new one.
/// </summary>
public static class BgpCollision
{
    /// <summary>
    /// Decide between two sessions with the same peer and close the loser. Returns the loser, or null when the
    /// peer's identifier is not yet known on either connection (wait for an OPEN).
    /// </summary>
    public static BgpSession? Resolve(BgpSession first, BgpSession second, TimeSpan now)
    {
        BgpSession? loser;
        if (first.State == BgpSessionState.Established) loser = second;
        else if (second.State == BgpSessionState.Established) loser = first;
        else
        {
            var peerId = first.PeerOpen?.BgpIdentifier ?? second.PeerOpen?.BgpIdentifier;
            if (peerId is null) return null;
            if (first.LocallyInitiated == second.LocallyInitiated) loser = second;
            else
            {
                var local = first.Config.RouterId;
                // Local id higher: keep the connection we initiated; otherwise keep the peer's.
                bool keepLocal = local > peerId.Value;
                var locallyOpened = first.LocallyInitiated ? first : second;
                var peerOpened = first.LocallyInitiated ? second : first;
                loser = keepLocal ? peerOpened : locallyOpened;
            }
        }
        loser.CloseForCollision(now);
        return loser;
    }
}
