namespace ActorFabric.Wire.Underlay;

/// <summary>The kind of an underlay link-state PDU (see <see cref="LinkStatePduHeader"/> for the format).</summary>
public enum LinkStatePduType : byte
{
    /// <summary>Per-interface hello carrying the three-way adjacency handshake.</summary>
    Hello = 1,
    /// <summary>Link-state packet: one router's neighbors and reachable prefixes.</summary>
    LinkStatePacket = 2,
    /// <summary>Complete sequence numbers: a summary of the whole database, sent to synchronise a new adjacency.</summary>
    CompleteSequenceNumbers = 3,
    /// <summary>Partial sequence numbers: acknowledges LSPs, or requests ones the sender lacks.</summary>
    PartialSequenceNumbers = 4,
}
