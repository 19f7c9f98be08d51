namespace ActorFabric.Actors;

/// <summary>
/// An actor's own keyed timers. Starting a timer with a key in use replaces it; a tick of a
/// cancelled or replaced timer is never delivered, even if it was already queued. All timers
/// are cancelled when the actor stops or restarts. Timers do not count as messages in flight.
/// </summary>
public interface ITimerScheduler
{
    void StartSingleTimer(object key, object message, TimeSpan delay);

    /// <summary>First tick after one <paramref name="interval"/>, then every interval.</summary>
    void StartPeriodicTimer(object key, object message, TimeSpan interval);

    void Cancel(object key);

    bool IsTimerActive(object key);

    void CancelAll();
}
