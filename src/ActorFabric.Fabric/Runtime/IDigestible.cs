namespace ActorFabric.Fabric.Runtime;

/// <summary>A message whose content contributes to the trace digest (e.g. a frame's length and flow hash).</summary>
internal interface IDigestible
{
    ulong DigestValue { get; }
}
