namespace ActorFabric.Fabric.Runtime;

/// <summary>
/// What the fabric has reached against what the topology says it should reach. Convergence is all of:
/// every configured BGP session established, every route each leaf should import present, every flood list
/// complete, and no BGP byte in flight (sent by a device's TCP and not yet acknowledged by its peer).
/// </summary>
public sealed record ConvergenceProgress(
    int SessionsExpected,
    int SessionsEstablished,
    long RoutesExpected,
    long RoutesPresent,
    int FloodListsExpected,
    int FloodListsComplete,
    long BgpBytesInFlight,
    TimeSpan EmulatedTime)
{
    public bool Converged =>
        SessionsEstablished == SessionsExpected
        && RoutesPresent == RoutesExpected
        && FloodListsComplete == FloodListsExpected
        && BgpBytesInFlight == 0;

    /// <summary>0..1, for progress bars (sessions, routes and flood lists weighted equally).</summary>
    public double Fraction
    {
        get
        {
            static double Part(long have, long want) => want == 0 ? 1 : Math.Min(1, (double)have / want);
            return (Part(SessionsEstablished, SessionsExpected) + Part(RoutesPresent, RoutesExpected)
                + Part(FloodListsComplete, FloodListsExpected)) / 3;
        }
    }
}
