namespace ActorFabric.Wire.Underlay;

/// <summary>One LSP summary in a CSNP or PSNP: which router's LSP, and which version of it.</summary>
public readonly record struct SequenceNumbersEntry(uint OriginRouterId, uint SequenceNumber, ushort RemainingLifetime);
