using System.Diagnostics.CodeAnalysis;

namespace ActorFabric.Fabric.Topology;

/// <summary>
/// Entry point: loads an ActorFabric topology (<c>.yaml</c>) or a containerlab lab (<c>.clab.yml</c>)
/// into a validated <see cref="FabricTopology"/>. Problems come back all at once, sorted by
/// position, each as <c>FILE:LINE:COL: problem</c>; with any problem there is no topology.
/// </summary>
public static class TopologyLoader
{
    /// <exception cref="TopologyLoadException">The file is missing, malformed or inconsistent.</exception>
    public static FabricTopology Load(string path) =>
        TryLoad(path, out var topology, out var errors) ? topology : throw new TopologyLoadException(errors);

    /// <summary>
    /// The largest topology file read (docs/topology.md): 16 MiB is about 230,000 hand-listed leaves with their
    /// links (18 s, 1 GB to validate on a 2-core machine); larger fabrics are written with <c>generate:</c>.
    /// Bigger files are refused before reading.
    /// </summary>
    public const long MaxFileBytes = 16L * 1024 * 1024;

    public static bool TryLoad(string path, [NotNullWhen(true)] out FabricTopology? topology, out IReadOnlyList<TopologyError> errors)
    {
        string text;
        try
        {
            if (Directory.Exists(path))
            {
                topology = null;
                errors = [new TopologyError(path, 1, 1, "is a directory, not a topology file")];
                return false;
            }
            long length = new FileInfo(path).Length;
            if (length > MaxFileBytes)
            {
                topology = null;
                errors = [TooLarge(path, length)];
                return false;
            }
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            topology = null;
            errors = [new TopologyError(path, 1, 1, $"cannot read the file: {e.Message}")];
            return false;
        }
        return TryParse(text, path, out topology, out errors);
    }

    /// <exception cref="TopologyLoadException">The text is malformed or inconsistent.</exception>
    public static FabricTopology Parse(string yaml, string fileName = "topology.yaml") =>
        TryParse(yaml, fileName, out var topology, out var errors) ? topology : throw new TopologyLoadException(errors);

    /// <summary>Parses text; <paramref name="fileName"/> names it in errors, chooses the format (<c>.clab.yml</c>) and anchors relative paths.</summary>
    public static bool TryParse(string yaml, string fileName, [NotNullWhen(true)] out FabricTopology? topology, out IReadOnlyList<TopologyError> errors)
    {
        if (yaml.Length > MaxFileBytes)
        {
            topology = null;
            errors = [TooLarge(fileName, yaml.Length)];
            return false;
        }
        TopologyDraft draft;
        if (IsContainerlabFile(fileName))
        {
            draft = new TopologyDraft(fileName);
            ContainerlabImporter.Import(yaml, fileName, draft, defaultMacVrf: true);
            draft.Name ??= Path.GetFileName(fileName).Split('.')[0];
        }
        else
        {
            draft = TopologyYamlReader.Read(yaml, fileName);
        }
        // Cross-reference checks run even after reading problems so one pass reports both,
        // but not after a YAML syntax error, where the document is incomplete.
        topology = HasSyntaxError(draft) ? null : TopologyCompiler.Compile(draft);
        if (topology is null || draft.Errors.Count > 0)
        {
            topology = null;
            var sorted = draft.Errors.ToList();
            sorted.Sort(static (a, b) =>
            {
                int c = string.CompareOrdinal(a.File, b.File);
                if (c == 0) c = a.Line.CompareTo(b.Line);
                return c == 0 ? a.Column.CompareTo(b.Column) : c;
            });
            errors = sorted;
            return false;
        }
        errors = [];
        return true;
    }

    internal static TopologyError TooLarge(string file, long length) =>
        new(file, 1, 1, $"the file is {length / (1024.0 * 1024.0):0.#} MiB; topology files are limited to {MaxFileBytes / (1024 * 1024)} MiB (describe large fabrics with 'generate:', see docs/topology.md)");

    public static bool IsContainerlabFile(string path) =>
        path.EndsWith(".clab.yml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".clab.yaml", StringComparison.OrdinalIgnoreCase);

    private static bool HasSyntaxError(TopologyDraft draft)
    {
        foreach (var e in draft.Errors) if (e.Message.StartsWith("YAML syntax", StringComparison.Ordinal)) return true;
        return false;
    }
}
