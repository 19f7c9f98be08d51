using ActorFabric.Fabric.Topology;

namespace ActorFabric.Fabric.Runtime;

/// <summary>
/// A chaos action in the grammar: <c>link-down A B | link-up A B | link-set A B --latency T --loss P |
/// device-stop D | device-start D | vm-move HOST LEAF:PORT | partition A B [C D …] | heal A B [C D …] |
/// node-kill NODE</c> (the last only in a cluster). Parse with <see cref="Parse"/>; apply with
/// <see cref="FabricRuntime.ApplyChaosAsync"/>.
/// </summary>
public abstract record ChaosAction
{
    public static ChaosAction Parse(string text)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return Parse(words);
    }

    public static ChaosAction Parse(IReadOnlyList<string> words)
    {
        if (words.Count == 0) throw new FormatException("empty chaos action");
        string Arg(int i) => i < words.Count ? words[i] : throw new FormatException($"'{words[0]}' needs {i} argument(s)");
        switch (words[0])
        {
            case "link-down": return new LinkDownAction(Arg(1), Arg(2));
            case "link-up": return new LinkUpAction(Arg(1), Arg(2));
            case "link-set":
            {
                TimeSpan? latency = null;
                double? loss = null;
                for (int i = 3; i < words.Count; i++)
                {
                    switch (words[i])
                    {
                        case "--latency": latency = ParseDuration(Arg(++i)); break;
                        case "--loss": loss = ParseLoss(Arg(++i)); break;
                        default: throw new FormatException($"link-set: unknown option '{words[i]}'");
                    }
                }
                if (latency is null && loss is null) throw new FormatException("link-set needs --latency and/or --loss");
                return new LinkSetAction(Arg(1), Arg(2), latency, loss);
            }
            case "device-stop": return new DeviceStopAction(Arg(1));
            case "device-start": return new DeviceStartAction(Arg(1));
            case "vm-move":
            {
                var target = Arg(2);
                int colon = target.IndexOf(':');
                if (colon <= 0 || colon == target.Length - 1) throw new FormatException($"vm-move: expected LEAF:PORT, got '{target}'");
                return new VmMoveAction(Arg(1), target[..colon], target[(colon + 1)..]);
            }
            case "partition" or "heal":
            {
                if (words.Count < 3 || words.Count % 2 == 0)
                    throw new FormatException($"{words[0]} needs pairs of link ends: {words[0]} A B [C D …]");
                var links = new List<(string A, string B)>();
                for (int i = 1; i < words.Count; i += 2) links.Add((words[i], words[i + 1]));
                return words[0] == "partition" ? new PartitionAction(links) : new HealAction(links);
            }
            case "node-kill": return new NodeKillAction(Arg(1));
            default:
                throw new FormatException($"unknown chaos action '{words[0]}' (link-down, link-up, link-set, device-stop, device-start, vm-move, partition, heal, node-kill)");
        }
    }

    /// <summary>A link latency by the topology file's rules (<see cref="LinkParameters"/>): "10ms", "1.5s", "250us", 0..10s.</summary>
    public static TimeSpan ParseDuration(string text) =>
        LinkParameters.TryParseLatency(text, out var latency, out var problem) ? latency : throw new FormatException(problem);

    /// <summary>"5%" or "0.05", by the topology file's rules.</summary>
    public static double ParseLoss(string text) =>
        LinkParameters.TryParseLoss(text, out var loss, out var problem) ? loss : throw new FormatException(problem);
}

public sealed record LinkDownAction(string A, string B) : ChaosAction;

public sealed record LinkUpAction(string A, string B) : ChaosAction;

public sealed record LinkSetAction(string A, string B, TimeSpan? Latency, double? Loss) : ChaosAction;

public sealed record DeviceStopAction(string Device) : ChaosAction;

public sealed record DeviceStartAction(string Device) : ChaosAction;

public sealed record VmMoveAction(string Host, string Leaf, string Port) : ChaosAction;

/// <summary>Cuts a set of links at the same emulated instant (each pair names the two ends of one or more links).</summary>
public sealed record PartitionAction(IReadOnlyList<(string A, string B)> Links) : ChaosAction;

/// <summary>Brings a set of links back up at the same instant (undoes a <see cref="PartitionAction"/>).</summary>
public sealed record HealAction(IReadOnlyList<(string A, string B)> Links) : ChaosAction;

/// <summary>
/// Kills a cluster node process at once, like <c>kill -9</c> (demos and tests of fail-over): NODE is its address
/// (akka.tcp://actorfabric@HOST:PORT) or HOST:PORT. Only a fabric launched on a cluster can do this.
/// </summary>
public sealed record NodeKillAction(string Node) : ChaosAction;

/// <summary>What a chaos action did, at which emulated time.</summary>
public sealed record ChaosResult(string Action, TimeSpan At, string Description);
