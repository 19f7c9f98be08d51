namespace ActorFabric.Protocols.Bridging;

/// <summary>How a MAC got into the forwarding database.</summary>
public enum FdbEntryKind : byte
{
    /// <summary>Learned from the source MAC of a frame on an access port; ages out.</summary>
    Learned,
    /// <summary>Configured on an access port; never ages, advertised sticky (RFC 7432 §15.2).</summary>
    Static,
    /// <summary>Installed from a remote MAC/IP Advertisement route (control-plane learning only, RFC 8365 §1).</summary>
    Remote,
}
