using System.Net;
using ActorFabric.Protocols.Bridging;
using ActorFabric.Wire.Bgp;

namespace ActorFabric.Protocols.Evpn;

/// <summary>
/// One PE's claim on a MAC as RFC 7432 §15 ranks it: the MAC Mobility sequence number and sticky flag of its type-2
/// route (absent extended community = sequence 0, not sticky, §7.7) and the PE's address (the route's next hop, or our
/// own VTEP for the local entry).
/// </summary>
public readonly record struct MacClaim(uint Sequence, bool Sticky, IPAddress Pe)
{
    /// <summary>The claim a received route makes: its MAC Mobility extended community, its next hop.</summary>
    public static MacClaim Of(PathAttributes attributes, IPAddress pe)
    {
        var (sequence, sticky) = MacMobility.Read(attributes);
        return new MacClaim(sequence, sticky, pe);
    }
}

/// <summary>What a local entry does when the best remote route for its MAC is weighed against it (RFC 7432 §15, §15.2).</summary>
public enum RemoteChallenge
{
    /// <summary>The local entry outranks the remote route: nothing changes.</summary>
    LocalWins,
    /// <summary>A multihoming peer on the same non-zero ESI: not a move; the local entry adopts a higher sequence (§15).</summary>
    SameSegment,
    /// <summary>The remote route is newer (or equal from a lower PE address): the MAC moved away, the local entry goes (a move).</summary>
    RemoteWins,
    /// <summary>A static MAC here is advertised elsewhere: it stays here and the operator is alerted (§15.2).</summary>
    StaticKept,
    /// <summary>A sticky route pins the MAC on another PE: the learned entry goes and the operator is alerted (§15.2).</summary>
    StickyElsewhere,
}

/// <summary>How a local learning of a MAC relates to the remote routes already held for it (RFC 7432 §15).</summary>
public enum LearningKind
{
    /// <summary>No remote route: a first advertisement (no MAC Mobility EC unless static, §15 first paragraph).</summary>
    First,
    /// <summary>Configured static: advertised sticky with sequence 0, never a move (§15.2).</summary>
    Static,
    /// <summary>A remote route on the same non-zero ESI: copy its sequence, not a move (§15).</summary>
    SameSegment,
    /// <summary>The MAC came here from another PE: advertise the highest received sequence + 1 (§15).</summary>
    Move,
    /// <summary>A sticky route pins the MAC elsewhere: not learned here; the operator is alerted (§15.2).</summary>
    RefusedSticky,
}

/// <summary>The verdict on a local learning: its kind and the sequence number the advertisement carries.</summary>
public readonly record struct LocalLearning(LearningKind Kind, uint Sequence)
{
    public bool IsMove => Kind == LearningKind.Move;
    public bool Refused => Kind == LearningKind.RefusedSticky;
}

/// <summary>
/// MAC mobility (RFC 7432 §15) in one place: the serial-number comparison of sequence numbers, which claim on a MAC
/// wins (local against remote and remote against remote), the sequence a local learning advertises, and duplicate-MAC
/// detection and recovery (§15.1). <see cref="MacVrf"/> asks it; it holds only the detection knobs, no MAC state.
/// </summary>
public sealed class MacMobility
{
    private readonly MacMobilityOptions _options;

    public MacMobility(MacMobilityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.DuplicateMoveThreshold < 1) throw new ArgumentException("duplicate move threshold must be at least 1", nameof(options));
        _options = options;
    }

    public MacMobilityOptions Options => _options;

    // ---------------------------------------------------------------- sequence numbers

    /// <summary>
    /// Serial-number "newer than" on 32 bits (RFC 7432 §15 asks for wrap-around handling; RFC 1982 §3.2): newer when
    /// the forward distance is below 2^31. At exactly 2^31 neither is newer.
    /// </summary>
    public static bool IsNewer(uint candidate, uint than) => (int)(candidate - than) > 0;

    /// <summary>The newer of two sequence numbers in serial-number order.</summary>
    public static uint Max(uint a, uint b) => IsNewer(a, b) ? a : b;

    /// <summary>The MAC Mobility sequence and sticky flag of an attribute set; (0, false) when absent (RFC 7432 §7.7, §15).</summary>
    public static (uint Sequence, bool Sticky) Read(PathAttributes attributes)
    {
        foreach (var c in attributes.ExtendedCommunities)
            if (c.IsMacMobility) return (c.MacMobilitySequence, c.MacMobilitySticky);
        return (0, false);
    }

    // ---------------------------------------------------------------- precedence

    /// <summary>
    /// Negative when <paramref name="a"/> takes the MAC from <paramref name="b"/>. Order: sticky before learned
    /// (§15.2: a sticky MAC never moves); then the newer sequence in serial-number order (§15); then, on equal
    /// sequences, the lower PE address (§15.1 last paragraph, IPv4 before IPv6).
    /// </summary>
    public static int Compare(in MacClaim a, in MacClaim b)
    {
        if (a.Sticky != b.Sticky) return a.Sticky ? -1 : 1;
        if (IsNewer(a.Sequence, b.Sequence)) return -1;
        if (IsNewer(b.Sequence, a.Sequence)) return 1;
        // Equal, or exactly 2^31 apart (neither newer): the address decides, so the order stays total.
        return VtepAddressOrder.Instance.Compare(a.Pe, b.Pe);
    }

    /// <summary>
    /// A MAC seen on segment <paramref name="to"/> after segment <paramref name="from"/> moved unless both are the same
    /// non-zero ESI (multihoming peers learning the same host, §15); ESI 0 on both sides is always a move.
    /// </summary>
    public static bool IsMove(EthernetSegmentId from, EthernetSegmentId to) => to.IsZero || from != to;

    /// <summary>
    /// Weighs the best remote route (<paramref name="remote"/> on <paramref name="remoteEsi"/>) against the local entry
    /// (<paramref name="local"/>, sticky when configured static, on <paramref name="localEsi"/>).
    /// </summary>
    public static RemoteChallenge Challenge(in MacClaim local, EthernetSegmentId localEsi, in MacClaim remote, EthernetSegmentId remoteEsi)
    {
        if (!IsMove(remoteEsi, localEsi)) return RemoteChallenge.SameSegment;
        if (local.Sticky) return RemoteChallenge.StaticKept;
        if (remote.Sticky) return RemoteChallenge.StickyElsewhere;
        return Compare(remote, local) < 0 ? RemoteChallenge.RemoteWins : RemoteChallenge.LocalWins;
    }

    /// <summary>
    /// The verdict on learning a MAC locally on <paramref name="esi"/>, given the best remote route held for it (null:
    /// none) and the highest sequence among every remote route for it (§15: "the highest received", absent = 0).
    /// </summary>
    public static LocalLearning Learn(bool isStatic, EthernetSegmentId esi, MacClaim? bestRemote, EthernetSegmentId bestRemoteEsi, uint highestRemoteSequence)
    {
        if (isStatic) return new LocalLearning(LearningKind.Static, 0);
        if (bestRemote is not { } remote) return new LocalLearning(LearningKind.First, 0);
        if (!IsMove(bestRemoteEsi, esi)) return new LocalLearning(LearningKind.SameSegment, highestRemoteSequence);
        if (remote.Sticky) return new LocalLearning(LearningKind.RefusedSticky, 0);
        return new LocalLearning(LearningKind.Move, unchecked(highestRemoteSequence + 1));
    }

    // ---------------------------------------------------------------- duplicate detection (§15.1)

    /// <summary>
    /// Counts one move of a MAC this PE saw — a local learning that beat a remote route, or a remote route that beat
    /// the local entry. The first move opens an M-second window; the N-th move inside it makes the MAC a duplicate
    /// (returns true). A move after the window closed opens a new one.
    /// </summary>
    internal bool RecordMove(MacMoveHistory history, TimeSpan now)
    {
        if (history.Duplicate) return false;
        if (history.MoveWindowStart is not { } start || now - start >= _options.DuplicateDetectionWindow)
        {
            history.MoveWindowStart = now;
            history.MovesInWindow = 1;
        }
        else history.MovesInWindow++;

        if (history.MovesInWindow < _options.DuplicateMoveThreshold) return false;
        Freeze(history, now);
        return true;
    }

    /// <summary>Marks the MAC duplicate from <paramref name="now"/> (detection, or a duplicate remembered across a restart).</summary>
    internal static void Freeze(MacMoveHistory history, TimeSpan now)
    {
        history.Duplicate = true;
        history.DuplicateSince = now;
    }

    /// <summary>When a duplicate is released automatically (the recovery time after detection); null when only the operator releases it.</summary>
    internal TimeSpan? ReleaseDue(MacMoveHistory history) =>
        history.Duplicate && _options.DuplicateRecoveryTime is { } recovery ? history.DuplicateSince + recovery : null;
}

/// <summary>
/// Mobility bookkeeping of one MAC on one PE, created on its first move or alert: the current move window and the
/// duplicate freeze (RFC 7432 §15.1), and the port a sticky-MAC alert was last raised for (§15.2).
/// </summary>
internal sealed class MacMoveHistory
{
    public bool Duplicate;
    public TimeSpan DuplicateSince;
    public TimeSpan? MoveWindowStart;
    public int MovesInWindow;
    public PortId? RefusedOn;
}
