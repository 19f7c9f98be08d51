namespace ActorFabric.Simulation;

/// <summary>A message whose content (not only its type) goes into the delivery digest, as a stable 64-bit value.</summary>
public interface IDigestible
{
    ulong DigestValue { get; }
}
