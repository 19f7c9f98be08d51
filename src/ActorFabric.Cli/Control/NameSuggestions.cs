namespace ActorFabric.Cli.Control;

/// <summary>Near matches for a misspelt device, host, key or verb, by edit distance (case-insensitive).</summary>
public static class NameSuggestions
{
    /// <summary>Up to <paramref name="max"/> candidates within a small edit distance of <paramref name="input"/>, closest first, ties in candidate order.</summary>
    public static List<string> Near(string input, IEnumerable<string> candidates, int max = 3)
    {
        int allowed = Math.Max(2, Math.Min(4, input.Length / 2));
        var scored = new List<(int Distance, int Order, string Name)>();
        int order = 0;
        foreach (var c in candidates)
        {
            int d = Distance(input, c);
            if (d <= allowed) scored.Add((d, order, c));
            order++;
        }
        scored.Sort((a, b) => a.Distance != b.Distance ? a.Distance.CompareTo(b.Distance) : a.Order.CompareTo(b.Order));
        var result = new List<string>(Math.Min(max, scored.Count));
        for (int i = 0; i < scored.Count && i < max; i++) result.Add(scored[i].Name);
        return result;
    }

    /// <summary><c> (did you mean 'x'?)</c> or an empty string.</summary>
    public static string Hint(string input, IEnumerable<string> candidates)
    {
        var near = Near(input, candidates, 1);
        return near.Count == 1 ? $" (did you mean '{near[0]}'?)" : "";
    }

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
