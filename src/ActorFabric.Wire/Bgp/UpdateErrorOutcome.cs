namespace ActorFabric.Wire.Bgp;

/// <summary>
/// Collects the RFC 7606 outcome while an UPDATE is read: when several errors occur the strongest approach wins
/// (RFC 7606 §3 g), and every discard or treat-as-withdraw is logged (RFC 7606 §8).
/// </summary>
internal sealed class UpdateErrorOutcome
{
    private List<string>? _diagnostics;

    public BgpErrorAction Action { get; private set; }
    public NotificationMessage? Notification { get; private set; }
    public bool IsReset => Action == BgpErrorAction.SessionReset;

    public void Raise(BgpErrorAction action, string why)
    {
        if (action > Action) Action = action;
        (_diagnostics ??= []).Add(why);
    }

    public void Note(string why) => (_diagnostics ??= []).Add(why);

    public void Reset(byte code, byte subcode, byte[] data, string why)
    {
        if (!IsReset) Notification = new NotificationMessage(code, subcode, data);
        Raise(BgpErrorAction.SessionReset, why);
    }

    public string[] Diagnostics => _diagnostics is null ? [] : _diagnostics.ToArray();
}
