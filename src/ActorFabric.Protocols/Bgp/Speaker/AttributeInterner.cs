using ActorFabric.Wire.Bgp;

namespace ActorFabric.Protocols.Bgp.Speaker;

/// <summary>
/// Maps structurally equal <see cref="PathAttributes"/> to one shared instance, so routes from different
/// UPDATEs with the same attributes share memory, export-cache entries and outgoing UPDATEs. A bounded cache:
/// forgetting an entry only costs sharing, never correctness.
/// </summary>
internal sealed class AttributeInterner
{
    private readonly Dictionary<PathAttributes, PathAttributes> _sets = new();
    private readonly int _capacity;

    public AttributeInterner(int capacity = 100_000) => _capacity = capacity;

    public PathAttributes Intern(PathAttributes attributes)
    {
        if (_sets.TryGetValue(attributes, out var shared)) return shared;
        if (_sets.Count >= _capacity) _sets.Clear();
        _sets[attributes] = attributes;
        return attributes;
    }
}
