using System.Xml.Linq;
using ActorFabric.Fabric.Topology;
using static ActorFabric.Cli.Report.Markup;

namespace ActorFabric.Cli.Report;

/// <summary>
/// The topology as one SVG: spines and route reflectors on top, leaves below, hosts at the bottom (when there are
/// few enough to draw), and every link; the links and devices a chaos action touched are highlighted and tagged with
/// the actions' numbers.
/// </summary>
internal static class TopologyDiagram
{
    private const double Width = 1100, Margin = 30, RowGap = 150;

    /// <summary>Above this many hosts the host row is left out (it would be a smear of dots).</summary>
    public const int MaxHostsDrawn = 200;

    public static XElement Draw(FabricTopology topology, IReadOnlyList<ChaosMark> marks)
    {
        var upper = new List<FabricNode>();
        var lower = new List<FabricNode>();
        foreach (var n in topology.Nodes)
        {
            if (n.Role is NodeRole.Spine or NodeRole.RouteReflector) upper.Add(n);
            else lower.Add(n);
        }
        bool hosts = topology.Hosts.Length > 0 && topology.Hosts.Length <= MaxHostsDrawn;
        double height = Margin * 2 + RowGap * (hosts ? 2 : 1) + 20;
        var position = new Dictionary<int, (double X, double Y)>();
        double spacingUpper = Place(upper, Margin + 10, position);
        double spacingLower = Place(lower, Margin + 10 + RowGap, position);
        var hostPosition = new Dictionary<int, (double X, double Y)>();
        double spacingHosts = Width;
        if (hosts)
        {
            spacingHosts = (Width - 2 * Margin) / topology.Hosts.Length;
            for (int i = 0; i < topology.Hosts.Length; i++)
                hostPosition[topology.Hosts[i].Index] = (Margin + (i + 0.5) * spacingHosts, Margin + 10 + 2 * RowGap);
        }

        var linkActions = Tags(marks, m => m.Links);
        var hostLinkActions = Tags(marks, m => m.HostLinks);
        var deviceActions = Tags(marks, m => m.Devices);
        var svg = Svg("svg", Class("topology"), new XAttribute("viewBox", $"0 0 {N(Width)} {N(height)}"),
            new XAttribute("width", N(Width)), new XAttribute("height", N(height)), new XAttribute("role", "img"));
        foreach (var l in topology.Links)
            svg.Add(Link($"{topology.Nodes[l.A].Name}:{l.APort}-{topology.Nodes[l.B].Name}:{l.BPort}", position[l.A], position[l.B], linkActions.GetValueOrDefault(l.Index)));
        if (hosts)
            foreach (var h in topology.Hosts)
                svg.Add(Link($"{h.Name}:eth0-{topology.Nodes[h.Leaf].Name}:{h.Port}", hostPosition[h.Index], position[h.Leaf], hostLinkActions.GetValueOrDefault(h.Index)));
        foreach (var n in topology.Nodes)
        {
            var (x, y) = position[n.Index];
            double spacing = upper.Contains(n) ? spacingUpper : spacingLower;
            double w = Math.Clamp(spacing - 6, 6, 64), h = 22;
            var tags = deviceActions.GetValueOrDefault(n.Index);
            var g = Svg("g", Class(tags is null ? $"node {Role(n)}" : $"node {Role(n)} touched"), new XAttribute("data-device", n.Name),
                Svg("title", tags is null ? n.ToString() : $"{n} — actions {tags}"),
                Svg("rect", new XAttribute("x", N(x - w / 2)), new XAttribute("y", N(y - h / 2)), new XAttribute("width", N(w)), new XAttribute("height", N(h)), new XAttribute("rx", "3")));
            if (spacing >= 36) g.Add(Svg("text", new XAttribute("x", N(x)), new XAttribute("y", N(y + 4)), new XAttribute("text-anchor", "middle"), n.Name));
            svg.Add(g);
        }
        if (hosts)
            foreach (var host in topology.Hosts)
            {
                var (x, y) = hostPosition[host.Index];
                var g = Svg("g", Class("host"), new XAttribute("data-host", host.Name), Svg("title", $"{host.Name} {host.Ipv4Text}{(host.HasIpv6 ? " " + host.Ipv6Text : "")} on {topology.Nodes[host.Leaf].Name}:{host.Port}"),
                    Svg("circle", new XAttribute("cx", N(x)), new XAttribute("cy", N(y)), new XAttribute("r", N(Math.Clamp(spacingHosts / 3, 2, 7)))));
                if (spacingHosts >= 36) g.Add(Svg("text", new XAttribute("x", N(x)), new XAttribute("y", N(y + 20)), new XAttribute("text-anchor", "middle"), host.Name));
                svg.Add(g);
            }
        return svg;
    }

    /// <summary>Spreads <paramref name="row"/> evenly across the width at height <paramref name="y"/>; returns the spacing.</summary>
    private static double Place(List<FabricNode> row, double y, Dictionary<int, (double X, double Y)> position)
    {
        double spacing = (Width - 2 * Margin) / Math.Max(row.Count, 1);
        for (int i = 0; i < row.Count; i++) position[row[i].Index] = (Margin + (i + 0.5) * spacing, y);
        return spacing;
    }

    private static XElement Link(string name, (double X, double Y) a, (double X, double Y) b, string? tags)
    {
        var g = Svg("g", Class(tags is null ? "link" : "link touched"), new XAttribute("data-link", name),
            Svg("title", tags is null ? name : $"{name} — actions {tags}"),
            Svg("line", new XAttribute("x1", N(a.X)), new XAttribute("y1", N(a.Y)), new XAttribute("x2", N(b.X)), new XAttribute("y2", N(b.Y))));
        if (tags is not null)
            g.Add(Svg("text", Class("link-tag"), new XAttribute("x", N((a.X + b.X) / 2 + 4)), new XAttribute("y", N((a.Y + b.Y) / 2)), tags));
        return g;
    }

    /// <summary>For each index an action touched, the numbers of the actions that touched it ("1,3").</summary>
    private static Dictionary<int, string> Tags(IReadOnlyList<ChaosMark> marks, Func<ChaosMark, IReadOnlyList<int>> touched)
    {
        var tags = new Dictionary<int, string>();
        foreach (var m in marks)
            foreach (var i in touched(m))
                tags[i] = tags.TryGetValue(i, out var t) ? $"{t},{m.Number}" : m.Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return tags;
    }

    private static string Role(FabricNode n) => n.Role.ToName();
}
