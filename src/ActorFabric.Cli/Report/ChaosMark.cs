using System.Text.Json.Nodes;
using ActorFabric.Cli.Scenarios;
using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Cli.Report;

/// <summary>
/// One chaos action of the scenario as the report marks it: its number (1, 2, … in run order), the emulated time it
/// ran at, its text, and what it touched in the topology (fabric links by index, host links by host index, devices by
/// node index) for the drawing. Taken from the scenario's action steps and the run's document (times, errors).
/// </summary>
public sealed record ChaosMark(int Number, TimeSpan At, string Label, string? Error, IReadOnlyList<int> Links, IReadOnlyList<int> HostLinks, IReadOnlyList<int> Devices)
{
    /// <summary>The step verbs that are chaos actions (the <c>actorfabric chaos</c> grammar).</summary>
    public static readonly IReadOnlySet<string> Verbs = new HashSet<string>(StringComparer.Ordinal)
    {
        "link-down", "link-up", "link-set", "device-stop", "device-start", "vm-move", "partition", "heal", "node-kill",
    };

    /// <summary>The chaos steps of <paramref name="scenario"/>; <paramref name="document"/>'s <c>steps</c> line up with its steps.</summary>
    public static IReadOnlyList<ChaosMark> From(Scenario scenario, JsonObject document)
    {
        var records = document["steps"]?.AsArray() ?? [];
        var marks = new List<ChaosMark>();
        for (int i = 0; i < scenario.Steps.Count; i++)
        {
            var step = scenario.Steps[i];
            if (step.Kind != StepKind.Action || !Verbs.Contains(step.Verb.Name)) continue;
            var record = i < records.Count ? records[i] : null;
            var at = record?["time"] is JsonValue time ? TimeSpan.FromTicks((long)(time.GetValue<decimal>() * TimeSpan.TicksPerSecond)) : step.At;
            var error = record?["error"]?.GetValue<string>();
            var label = step.Label is null ? step.Text : $"{step.Text} ({step.Label})";
            var (links, hostLinks, devices) = Touched(scenario.Topology, step.Text);
            marks.Add(new ChaosMark(marks.Count + 1, at, label, error, links, hostLinks, devices));
        }
        return marks;
    }

    /// <summary>What an action names: the links between the named ends, a device and all its links, a moved host and its new leaf.</summary>
    private static (int[] Links, int[] HostLinks, int[] Devices) Touched(FabricTopology topology, string text)
    {
        ChaosAction action;
        try { action = ChaosAction.Parse(text); }
        catch (FormatException) { return ([], [], []); }
        var links = new SortedSet<int>();
        var hostLinks = new SortedSet<int>();
        var devices = new SortedSet<int>();
        void Between(string a, string b)
        {
            foreach (var l in topology.Links)
            {
                var (x, y) = (topology.Nodes[l.A].Name, topology.Nodes[l.B].Name);
                if ((x == a && y == b) || (x == b && y == a)) links.Add(l.Index);
            }
            foreach (var h in topology.Hosts)
            {
                var leaf = topology.Nodes[h.Leaf].Name;
                if ((h.Name == a && leaf == b) || (h.Name == b && leaf == a)) hostLinks.Add(h.Index);
            }
        }
        void Device(string name)
        {
            foreach (var n in topology.Nodes)
                if (n.Name == name) devices.Add(n.Index);
            foreach (var l in topology.Links)
                if (topology.Nodes[l.A].Name == name || topology.Nodes[l.B].Name == name) links.Add(l.Index);
        }
        switch (action)
        {
            case LinkDownAction a: Between(a.A, a.B); break;
            case LinkUpAction a: Between(a.A, a.B); break;
            case LinkSetAction a: Between(a.A, a.B); break;
            case DeviceStopAction a: Device(a.Device); break;
            case DeviceStartAction a: Device(a.Device); break;
            case VmMoveAction a:
                foreach (var h in topology.Hosts)
                    if (h.Name == a.Host) hostLinks.Add(h.Index);
                foreach (var n in topology.Nodes)
                    if (n.Name == a.Leaf) devices.Add(n.Index);
                break;
            case PartitionAction a:
                foreach (var (x, y) in a.Links) Between(x, y);
                break;
            case HealAction a:
                foreach (var (x, y) in a.Links) Between(x, y);
                break;
        }
        return ([.. links], [.. hostLinks], [.. devices]);
    }
}
