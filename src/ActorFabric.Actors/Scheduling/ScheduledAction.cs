namespace ActorFabric.Actors.Scheduling;

/// <summary>A delayed callback (kernel uses: Ask timeouts, restart back-off).</summary>
internal sealed class ScheduledAction : ScheduledItem
{
    private readonly Action _action;
    private readonly Action? _onCancel;

    public ScheduledAction(Action action, Action? onCancel = null)
        : base(0)
    {
        _action = action;
        _onCancel = onCancel;
    }

    protected override void Execute() => _action();

    protected override void OnCancelled() => _onCancel?.Invoke();
}
