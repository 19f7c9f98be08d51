namespace ActorFabric.Actors.Scheduling;

/// <summary>Handle of something scheduled.</summary>
public interface ICancelable
{
    /// <summary>Prevents the (next) firing; true when this call cancelled something still pending.</summary>
    bool Cancel();

    bool IsCancelled { get; }
}
