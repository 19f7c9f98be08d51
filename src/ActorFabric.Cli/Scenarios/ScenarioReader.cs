using System.Globalization;
using ActorFabric.Cli.Control;
using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Topology;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ActorFabric.Cli.Scenarios;

/// <summary>
/// Reads a scenario file (docs/scenarios.md) and checks every step against the verb grammar and the
/// topology, so a typo is reported as <c>FILE:LINE:COL</c> before anything starts rather than minutes
/// into an emulated run.
/// </summary>
public static class ScenarioReader
{
    private static readonly string[] TopKeys = ["name", "topology", "seed", "timeout", "steps"];
    private static readonly string[] StepKeys = ["at", "action", "observe", "label"];
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Loads <paramref name="scenarioPath"/>. The topology is <paramref name="topologyPath"/> when given,
    /// else the file's <c>topology:</c> (a path relative to the scenario, or an inline topology mapping).
    /// </summary>
    public static bool TryLoad(string scenarioPath, string? topologyPath, int? seedOverride, out Scenario? scenario, out List<ScenarioError> errors)
    {
        errors = [];
        scenario = null;
        if (!File.Exists(scenarioPath))
        {
            errors.Add(new ScenarioError(scenarioPath, 1, 1, "scenario file not found"));
            return false;
        }
        return TryParse(File.ReadAllText(scenarioPath), scenarioPath, topologyPath, seedOverride, out scenario, out errors);
    }

    public static bool TryParse(string text, string file, string? topologyPath, int? seedOverride, out Scenario? scenario, out List<ScenarioError> errors)
    {
        var found = new List<ScenarioError>();
        errors = found;
        scenario = null;
        void Error(Mark at, string message) => found.Add(new ScenarioError(file, Math.Max(1, (int)at.Line), Math.Max(1, (int)at.Column), message));

        YamlMappingNode? root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            root = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode as YamlMappingNode;
        }
        catch (YamlException e)
        {
            Error(e.Start, "YAML syntax: " + (e.InnerException?.Message ?? e.Message).Replace('\n', ' '));
            return false;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // YamlDotNet throws these too on some malformed input (the topology loader's fuzz test found them).
            Error(Mark.Empty, "YAML syntax: " + e.Message.Replace('\n', ' '));
            return false;
        }
        if (root is null)
        {
            Error(Mark.Empty, "a scenario is a mapping with 'steps:' (see docs/scenarios.md)");
            return false;
        }

        foreach (var key in root.Children.Keys)
            if (key is YamlScalarNode k && Array.IndexOf(TopKeys, k.Value) < 0)
                Error(k.Start, $"unknown key '{k.Value}'{NameSuggestions.Hint(k.Value ?? "", TopKeys)}");

        var name = Scalar(root, "name")?.Value ?? Path.GetFileNameWithoutExtension(file);

        int seed = 1;
        if (Scalar(root, "seed") is { } seedNode && !int.TryParse(seedNode.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out seed))
            Error(seedNode.Start, $"seed must be an integer, not '{seedNode.Value}'");
        if (seedOverride is { } s) seed = s;

        var timeout = DefaultTimeout;
        if (Scalar(root, "timeout") is { } timeoutNode && (!DurationSyntax.TryParse(timeoutNode.Value ?? "", out timeout) || timeout <= TimeSpan.Zero))
            Error(timeoutNode.Start, $"timeout must be a duration such as 60s, not '{timeoutNode.Value}'");

        var topology = LoadTopology(root, text, file, topologyPath, found);

        var steps = new List<ScenarioStep>();
        if (!root.Children.TryGetValue(new YamlScalarNode("steps"), out var stepsNode))
            Error(root.Start, "missing 'steps:' (a list of {at, action|observe})");
        else if (stepsNode is not YamlSequenceNode sequence)
            Error(stepsNode.Start, "'steps' must be a list");
        else
            foreach (var item in sequence) ReadStep(item, steps.Count, topology, steps, Error);

        if (found.Count > 0 || topology is null) return false;
        // Stable: equal times keep file order.
        var ordered = steps.OrderBy(st => st.At).ThenBy(st => st.Index).ToList();
        scenario = new Scenario(name, file, topology, seed, timeout, ordered);
        return true;
    }

    private static FabricTopology? LoadTopology(YamlMappingNode root, string text, string file, string? topologyPath, List<ScenarioError> errors)
    {
        IReadOnlyList<TopologyError> topologyErrors;
        FabricTopology? topology;
        root.Children.TryGetValue(new YamlScalarNode("topology"), out var node);
        if (topologyPath is not null)
        {
            if (!File.Exists(topologyPath))
            {
                errors.Add(new ScenarioError(topologyPath, 1, 1, "topology file not found"));
                return null;
            }
            TopologyLoader.TryLoad(topologyPath, out topology, out topologyErrors);
        }
        else if (node is YamlScalarNode pathNode)
        {
            var path = Path.IsPathRooted(pathNode.Value!) ? pathNode.Value! : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".", pathNode.Value!);
            if (!File.Exists(path))
            {
                errors.Add(new ScenarioError(file, (int)pathNode.Start.Line, (int)pathNode.Start.Column, $"topology file '{pathNode.Value}' not found"));
                return null;
            }
            TopologyLoader.TryLoad(path, out topology, out topologyErrors);
        }
        else if (node is YamlMappingNode inline)
        {
            // Parse the inline mapping in place: pad with the lines and columns before it so the topology's
            // own FILE:LINE:COL errors point into the scenario file.
            // YamlDotNet gives block mappings no end mark: the mapping ends where the next top-level key starts.
            var start = inline.Start;
            long end = text.Length;
            foreach (var key in root.Children.Keys)
                if (key.Start.Index > start.Index && key.Start.Index < end) end = key.Start.Index;
            var slice = text[(int)start.Index..(int)end];
            var padded = new string('\n', (int)start.Line - 1) + new string(' ', (int)start.Column - 1) + slice;
            TopologyLoader.TryParse(padded, file, out topology, out topologyErrors);
        }
        else
        {
            errors.Add(new ScenarioError(file, 1, 1, "no topology: give FILE on the command line or 'topology:' (a path or an inline mapping) in the scenario"));
            return null;
        }
        foreach (var e in topologyErrors) errors.Add(new ScenarioError(e.File, e.Line, e.Column, e.Message));
        return topology;
    }

    private static void ReadStep(YamlNode item, int index, FabricTopology? topology, List<ScenarioStep> steps, Action<Mark, string> error)
    {
        if (item is not YamlMappingNode map)
        {
            error(item.Start, "a step is a mapping such as {at: 2s, action: link-down leaf1 spine1}");
            return;
        }
        foreach (var key in map.Children.Keys)
            if (key is YamlScalarNode k && Array.IndexOf(StepKeys, k.Value) < 0)
                error(k.Start, $"unknown step key '{k.Value}'{NameSuggestions.Hint(k.Value ?? "", StepKeys)}");

        var at = TimeSpan.Zero;
        if (Scalar(map, "at") is not { } atNode)
            error(map.Start, "step without 'at:' (an emulated time such as 2s)");
        else if (!DurationSyntax.TryParse(atNode.Value ?? "", out at))
            error(atNode.Start, $"'at' must be a duration such as 2s or 1500ms, not '{atNode.Value}'");

        var action = Scalar(map, "action");
        var observe = Scalar(map, "observe");
        if ((action is null) == (observe is null))
        {
            error(map.Start, "a step has exactly one of 'action:' or 'observe:'");
            return;
        }
        var (kind, textNode) = action is not null ? (StepKind.Action, action) : (StepKind.Observe, observe!);
        var text = (textNode.Value ?? "").Trim();
        var tokens = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length == 0)
        {
            error(textNode.Start, $"empty {(kind == StepKind.Action ? "action" : "observation")}");
            return;
        }
        var verb = ScenarioVerb.Find(tokens[0], kind);
        if (verb is null)
        {
            var other = ScenarioVerb.Find(tokens[0], kind == StepKind.Action ? StepKind.Observe : StepKind.Action);
            var hint = other is not null
                ? $" ('{tokens[0]}' is {(other.Kind == StepKind.Observe ? "an observation: use 'observe:'" : "an action: use 'action:'")})"
                : NameSuggestions.Hint(tokens[0], ScenarioVerb.Names(kind));
            error(textNode.Start, $"unknown {(kind == StepKind.Action ? "action" : "observation")} '{tokens[0]}'{hint}; known: {string.Join(", ", ScenarioVerb.Names(kind))}");
            return;
        }

        var arguments = new List<string>();
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 1; i < tokens.Length; i++)
        {
            if (Array.IndexOf(verb.Flags, tokens[i]) >= 0)
                options[tokens[i]] = "true";
            else if (tokens[i].StartsWith('-'))
            {
                if (Array.IndexOf(verb.Options, tokens[i]) < 0)
                {
                    error(textNode.Start, $"'{verb.Name}' has no option '{tokens[i]}' (usage: {verb.Usage})");
                    return;
                }
                if (i + 1 >= tokens.Length)
                {
                    error(textNode.Start, $"option '{tokens[i]}' needs a value (usage: {verb.Usage})");
                    return;
                }
                var value = tokens[++i];
                // --source may repeat (a source-specific join of several sources): the values are kept as one list.
                options[tokens[i - 1]] = tokens[i - 1] == "--source" && options.TryGetValue("--source", out var earlier) ? earlier + "," + value : value;
            }
            else arguments.Add(tokens[i]);
        }
        if (arguments.Count < verb.Required.Length || arguments.Count > verb.Required.Length + verb.Optional.Length)
        {
            error(textNode.Start, $"'{verb.Name}' takes {Describe(verb)} (usage: {verb.Usage})");
            return;
        }
        if (verb.Name is "partition" or "heal" && arguments.Count % 2 != 0)
        {
            error(textNode.Start, $"'{verb.Name}' takes pairs of link ends (usage: {verb.Usage})");
            return;
        }
        if (!CheckOptions(verb, options, out var optionProblem))
        {
            error(textNode.Start, optionProblem);
            return;
        }
        if (topology is not null)
        {
            for (int i = 0; i < arguments.Count; i++)
            {
                var kindOfArg = i < verb.Required.Length ? verb.Required[i] : verb.Optional[i - verb.Required.Length];
                if (CheckName(topology, kindOfArg, arguments[i]) is { } problem)
                {
                    error(textNode.Start, problem);
                    return;
                }
            }
        }
        if (topology is not null && verb.Name == "ping" && PingStep.Problem(topology, arguments[0], arguments[1], options.ContainsKey("--ipv6")) is { } pingProblem)
        {
            error(textNode.Start, $"{pingProblem} (usage: {verb.Usage})");
            return;
        }
        if (topology is not null && MulticastStep.Problem(verb, arguments, options) is { } multicastProblem)
        {
            error(textNode.Start, $"{multicastProblem} (usage: {verb.Usage})");
            return;
        }
        if (topology is not null && verb.Name == "evpn-mac" && options.TryGetValue("--vni", out var vniText)
            && uint.TryParse(vniText, NumberStyles.None, CultureInfo.InvariantCulture, out var vni)
            && FabricNames.VniProblem(topology, arguments[0], vni) is { } vniProblem)
        {
            error(textNode.Start, vniProblem);
            return;
        }
        steps.Add(new ScenarioStep(index, at, kind, verb, arguments, options, text, Scalar(map, "label")?.Value, (int)textNode.Start.Line));
    }

    private static bool CheckOptions(ScenarioVerb verb, Dictionary<string, string> options, out string problem)
    {
        problem = "";
        foreach (var (option, value) in options)
        {
            // The same rules as the CLI and the control API (and, for links, the topology file).
            string? bad = option switch
            {
                "--latency" => LinkParameters.TryParseLatency(value, out _, out var p) ? null : $"bad value '{value}' for --latency: {p}",
                "--loss" => LinkParameters.TryParseLoss(value, out _, out var p) ? null : $"bad value '{value}' for --loss: {p}",
                "--timeout" when verb.Name == "ping" =>
                    DurationSyntax.TryParse(value, out var t) ? PingLimits.CheckTimeout(t) : $"bad value '{value}' for --timeout",
                "--timeout" => DurationSyntax.TryParse(value, out var t) && t > TimeSpan.Zero ? null : $"bad value '{value}' for --timeout",
                "--count" or "--rate" or "--size" when verb.Name is "mcast-stream" or "mcast-external" =>
                    int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _) ? null : $"bad value '{value}' for {option}",
                "--ttl" => byte.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ttl) && ttl > 0 ? null : $"bad value '{value}' for --ttl (1..255)",
                "--version" => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _) ? null : $"bad value '{value}' for --version",
                "--count" => uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? PingLimits.CheckCount(n) : $"bad value '{value}' for --count",
                "--vni" => uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v is > 0 and <= 0xFF_FFFF
                    ? null : $"bad value '{value}' for --vni (1..16777215)",
                _ => value.Length > 0 ? null : $"bad value '{value}' for {option}",
            };
            if (bad is not null)
            {
                problem = $"{bad} (usage: {verb.Usage})";
                return false;
            }
        }
        if (verb.Name == "link-set" && options.Count == 0)
        {
            problem = "link-set needs --latency and/or --loss";
            return false;
        }
        if (verb.Name == "capture" && !options.ContainsKey("-o"))
        {
            problem = "capture needs -o FILE";
            return false;
        }
        if (verb.Name == "capture" && Directory.Exists(options["-o"]))
        {
            problem = $"capture -o {options["-o"]} is a directory: give a file name";
            return false;
        }
        return true;
    }

    /// <summary>Names a step refers to must exist: a misspelt host is reported with the closest names.</summary>
    internal static string? CheckName(FabricTopology topology, ArgumentKind kind, string value)
    {
        switch (kind)
        {
            case ArgumentKind.Device:
                return topology.TryGetNode(value, out _) ? null : FabricNames.UnknownDevice(topology, value);
            case ArgumentKind.Host:
                foreach (var h in topology.Hosts) if (h.Name == value) return null;
                return FabricNames.UnknownHost(topology, value);
            case ArgumentKind.HostOrAddress:
                // Host names win, as in the runtime (PingDestination); else a dotted-quad IPv4 address or an IPv6 address.
                return PingDestination.IsDestination(topology, value) ? null : FabricNames.UnknownHost(topology, value);
            case ArgumentKind.Group:
                return MulticastStep.GroupProblem(value);
            case ArgumentKind.Endpoint:
                foreach (var es in topology.EthernetSegments) if (es.Name == value) return null;
                foreach (var h in topology.Hosts) if (h.Name == value) return null;
                return topology.TryGetNode(value, out _) ? null : FabricNames.UnknownDevice(topology, value);
            case ArgumentKind.LeafPort:
                var colon = value.IndexOf(':');
                if (colon <= 0 || colon == value.Length - 1) return $"'{value}' is not LEAF:PORT (e.g. leaf2:eth5)";
                var leaf = value[..colon];
                if (!topology.TryGetNode(leaf, out var node)) return FabricNames.UnknownDevice(topology, leaf);
                return node.IsVtep ? null : $"'{leaf}' is a {node.Role.ToString().ToLowerInvariant()}, not a leaf: hosts attach to leaves";
            default:
                return null;
        }
    }

    private static string Describe(ScenarioVerb verb) =>
        verb.Optional.Length == 0
            ? $"{verb.Required.Length} argument{(verb.Required.Length == 1 ? "" : "s")}"
            : $"{verb.Required.Length} to {verb.Required.Length + verb.Optional.Length} arguments";

    private static YamlScalarNode? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node as YamlScalarNode : null;
}
