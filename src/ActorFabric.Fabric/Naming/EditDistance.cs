namespace ActorFabric.Fabric.Naming;

/// <summary>
/// Case-insensitive Levenshtein distance, for "did you mean" hints on misspelt keys, nodes, hosts and verbs
/// (topology loader, runtime, CLI). Names longer than 64 characters count as far from everything.
/// </summary>
public static class EditDistance
{
    public static int Between(string a, string b)
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
