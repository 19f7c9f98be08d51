namespace ActorFabric.Actors;

/// <summary>
/// Hierarchical, location-independent name of an actor, e.g. <c>/user/fabric/leaf1</c>.
/// Two paths are equal when their text is equal (ordinal), whichever node holds the actor.
/// </summary>
public sealed class ActorPath : IEquatable<ActorPath>
{
    /// <summary>The root "/" under which the guardians live.</summary>
    public static readonly ActorPath Root = new(null, "");

    private string? _text;

    private ActorPath(ActorPath? parent, string name)
    {
        Parent = parent;
        Name = name;
    }

    public ActorPath? Parent { get; }

    public string Name { get; }

    public ActorPath Child(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Contains('/'))
            throw new ArgumentException($"Path element '{name}' must not contain '/'.", nameof(name));
        return new ActorPath(this, name);
    }

    /// <summary>Parses "/a/b/c"; the inverse of <see cref="ToString"/>.</summary>
    public static ActorPath Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0 || path[0] != '/')
            throw new FormatException($"Actor path '{path}' must start with '/'.");
        var current = Root;
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
            current = current.Child(part);
        return current;
    }

    public int Depth => Parent is null ? 0 : Parent.Depth + 1;

    public override string ToString() => _text ??= Build();

    private string Build()
    {
        if (Parent is null) return "/";
        if (Parent.Parent is null) return "/" + Name;
        return string.Concat(Parent.ToString(), "/", Name);
    }

    public bool Equals(ActorPath? other) =>
        other is not null && (ReferenceEquals(this, other) || string.Equals(ToString(), other.ToString(), StringComparison.Ordinal));

    public override bool Equals(object? obj) => obj is ActorPath p && Equals(p);

    // Only used for hash-table lookups, never for an order that is observable.
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    public static bool operator ==(ActorPath? a, ActorPath? b) => a is null ? b is null : a.Equals(b);

    public static bool operator !=(ActorPath? a, ActorPath? b) => !(a == b);
}
