namespace ActorFabric.Wire.Bgp;

/// <summary>
/// Collects the errors found while an UPDATE is read. When several occur the strongest approach wins
/// (RFC 7606 §3 g) and every one is kept for the log (RFC 7606 §8); the first reset decides the NOTIFICATION.
/// </summary>
internal sealed class UpdateErrorOutcome
{
    private List<BgpDecodeError>? _errors;

    public BgpErrorAction Action { get; private set; }
    public bool IsReset => Action == BgpErrorAction.SessionReset;

    public void Add(BgpDecodeError error)
    {
        if (error.Action > Action) Action = error.Action;
        (_errors ??= []).Add(error);
    }

    public BgpDecodeError[] Errors => _errors is null ? [] : _errors.ToArray();
}
