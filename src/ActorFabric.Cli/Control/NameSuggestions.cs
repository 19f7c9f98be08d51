using ActorFabric.Fabric.Naming;

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
            // Beyond the allowed distance by length alone: skip (a pasted megabyte would cost megabytes per name).
            if (Math.Abs(input.Length - c.Length) > allowed) { order++; continue; }
            int d = EditDistance.Between(input, c);
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
}
