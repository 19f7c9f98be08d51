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
            int d = Distance(input, candidate);
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

    private static int Distance(string a, string b)
    {
        if (a.Length > 64 || b.Length > 64) return int.MaxValue;
        Span<int> previous = stackalloc int[b.Length + 1];
        Span<int> current = stackalloc int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            current.CopyTo(previous);
        }
        return previous[b.Length];
    }
}
