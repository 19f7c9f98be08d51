namespace ActorFabric.Interop.Tests.Harness;

/// <summary>One Wireshark expert-info entry on one frame (severity "Warning" or "Error").</summary>
public sealed record ExpertItem(int Frame, string Severity, string Protocol, string Message)
{
    public bool IsMalformed =>
        Protocol.Contains("malformed", StringComparison.OrdinalIgnoreCase) ||
        Message.Contains("Malformed", StringComparison.OrdinalIgnoreCase);

    public override string ToString() => $"frame {Frame}: {Severity} [{Protocol}] {Message}";
}
