using ActorFabric.Wire.Bgp;

namespace ActorFabric.Protocols.Bgp.Speaker;

/// <summary>
/// Maps structurally equal <see cref="PathAttributes"/> to one shared instance, so routes from different
/// UPDATEs with the same attributes share memory, export-cache entries and outgoing UPDATEs. A speaker makes its
/// own unless <see cref="BgpSpeakerConfig.AttributeInterner"/> hands it one shared by every speaker of an emulated
/// fabric (thread-safe). A bounded cache: forgetting an entry only costs sharing, never correctness.
/// </summary>
public sealed class AttributeInterner
{
    private readonly InternPool<PathAttributes> _sets;

    public AttributeInterner(int capacity = 100_000) => _sets = new InternPool<PathAttributes>(capacity);

    /// <summary>Distinct attribute sets held (approximate under concurrency).</summary>
    public int Count => _sets.Count;

    public PathAttributes Intern(PathAttributes attributes) => _sets.Intern(attributes);
}
