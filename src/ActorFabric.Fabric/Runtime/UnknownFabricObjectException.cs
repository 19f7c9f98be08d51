namespace ActorFabric.Fabric.Runtime;

/// <summary>A device, host, link or port name the fabric does not have; carries near matches for error messages.</summary>
public sealed class UnknownFabricObjectException : ArgumentException
{
    public UnknownFabricObjectException(string kind, string name, IReadOnlyList<string> suggestions)
        : base(suggestions.Count == 0
            ? $"unknown {kind} '{name}'"
            : $"unknown {kind} '{name}' (did you mean {string.Join(", ", suggestions)}?)")
    {
        Kind = kind;
        Name = name;
        Suggestions = suggestions;
    }

    /// <summary>"device", "host", "link" or "port".</summary>
    public string Kind { get; }

    public string Name { get; }

    public IReadOnlyList<string> Suggestions { get; }
}
