using ActorFabric.Fabric.Naming;

namespace ActorFabric.Fabric.Topology;

/// <summary>"Did you mean …" for misspelt keys, roles and node names: the closest candidate by edit distance, if close enough.</summary>
internal static class KeySuggestion
{
    public static string? Closest(string input, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            // A length gap over 3 is a distance over 3: skip it (a pasted megabyte would cost megabytes per candidate).
            if (Math.Abs(input.Length - candidate.Length) > 3) continue;
            int d = EditDistance.Between(input, candidate);
            if (d < bestDistance)
            {
                bestDistance = d;
                best = candidate;
            }
        }
        int allowed = Math.Max(1, Math.Min(3, input.Length / 3));
        return bestDistance <= allowed && bestDistance < input.Length ? best : null;
    }

    /// <summary>Appends <c> (did you mean 'x'?)</c> when a candidate is close.</summary>
    public static string Hint(string input, IEnumerable<string> candidates) =>
        Closest(input, candidates) is { } s ? $" (did you mean '{s}'?)" : "";
}
