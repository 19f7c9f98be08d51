using System.Runtime.CompilerServices;
using ActorFabric.Protocols.Bgp.Rib;
using ActorFabric.Wire.Bgp;

namespace ActorFabric.Protocols.Bgp.Speaker;

/// <summary>
/// Established peers sharing an <see cref="UpdateGroupKey"/>. The group's Adj-RIB-Out is implicit: it is the
/// export of the Loc-RIB best paths through <see cref="ExportPolicy"/>, so it costs no per-route memory; what
/// a single member did not get (its own routes, RFC 4456 §6 "except the originating client") follows from the
/// path's source. Exported attribute sets are cached per (input set, source), so a million routes sharing an
/// attribute set are transformed once, and interned, so equal exports of different groups are one object.
/// </summary>
internal sealed class UpdateGroup
{
    private readonly Dictionary<(PathAttributes, BgpPathSource), PathAttributes> _exported = new(ReferencePairComparer.Instance);

    private readonly AttributeInterner _interner;

    public UpdateGroup(UpdateGroupKey key, AttributeInterner interner)
    {
        Key = key;
        _interner = interner;
    }

    public UpdateGroupKey Key { get; }
    public List<BgpPeer> Members { get; } = [];

    public PathAttributes Export(BgpPath path, ExportPolicy policy)
    {
        var k = (path.Attributes, path.Source);
        if (_exported.TryGetValue(k, out var cached)) return cached;
        if (_exported.Count > 65_536) _exported.Clear(); // a cache, not state: bound it
        // Interned: groups (and, with a fabric-wide interner, the receivers decoding it) share one instance.
        var result = _interner.Intern(policy.Transform(path, Key.Role));
        _exported[k] = result;
        return result;
    }

    private sealed class ReferencePairComparer : IEqualityComparer<(PathAttributes, BgpPathSource)>
    {
        public static readonly ReferencePairComparer Instance = new();
        public bool Equals((PathAttributes, BgpPathSource) x, (PathAttributes, BgpPathSource) y) =>
            ReferenceEquals(x.Item1, y.Item1) && ReferenceEquals(x.Item2, y.Item2);
        public int GetHashCode((PathAttributes, BgpPathSource) obj) =>
            RuntimeHelpers.GetHashCode(obj.Item1) * 31 + obj.Item2.Id;
    }
}
