using System.Xml.Linq;
using static ActorFabric.Cli.Report.Markup;

namespace ActorFabric.Cli.Report;

/// <summary>
/// Writes a <see cref="ScenarioReport"/> as one self-contained HTML page: CSS in a style element, charts as inline
/// SVG, no script, font or any other resource from the network, so it opens the same anywhere (and in a mail).
/// </summary>
public static class ReportPage
{
    /// <summary>At most this many devices are listed per action; the rest are counted.</summary>
    public const int MaxDevicesListed = 50;

    private const string Style = """
        body { font-family: sans-serif; margin: 24px; color: #222; background: #fff; }
        h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 28px; } h3 { font-size: 15px; }
        table { border-collapse: collapse; margin: 8px 0 16px 0; font-size: 13px; }
        th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: left; }
        td.n { text-align: right; font-variant-numeric: tabular-nums; }
        .summary { color: #555; }
        .bad { color: #b00020; font-weight: bold; }
        svg text { font-family: sans-serif; font-size: 11px; fill: #333; }
        svg .frame { fill: #fafafa; stroke: #bbb; }
        svg .grid { stroke: #e4e4e4; }
        svg .panel-title { font-size: 12px; font-weight: bold; }
        svg .series { fill: none; stroke-width: 2; }
        svg .series.sessions { stroke: #1f77b4; } svg .series.routes { stroke: #2ca02c; }
        svg .series.fdb { stroke: #9467bd; } svg .series.bum { stroke: #ff7f0e; }
        svg .expected { fill: none; stroke: #888; stroke-dasharray: 4 3; }
        svg .chaos-mark { stroke: #d62728; stroke-width: 1.5; stroke-dasharray: 6 3; }
        svg .chaos-label { fill: #d62728; font-size: 11px; }
        svg .chaos.failed .chaos-mark { stroke: #7f7f7f; }
        svg .link line { stroke: #999; stroke-width: 1.2; }
        svg .link.touched line { stroke: #d62728; stroke-width: 3.5; }
        svg .link-tag { fill: #d62728; font-weight: bold; }
        svg .node rect { fill: #dce9f5; stroke: #1f77b4; }
        svg .node.leaf rect, svg .node.border-leaf rect { fill: #e3f2e1; stroke: #2ca02c; }
        svg .node.touched rect { fill: #fbdcdc; stroke: #d62728; stroke-width: 2.5; }
        svg .host circle { fill: #ccc; stroke: #777; }
        """;

    public static string Render(ScenarioReport report)
    {
        var t = report.Topology;
        var body = Html("body",
            Html("h1", $"Scenario {report.Scenario} on {t.Name}"),
            Html("p", Class("summary"),
                $"Seed {report.Seed}; {t.Nodes.Length} devices, {t.Links.Length} fabric links, {t.Hosts.Length} hosts; ",
                $"sampled every {Seconds(report.Interval)} of emulated time ({report.Samples.Count} samples, up to {(report.Samples.Count > 0 ? Seconds(report.Samples[^1].Time) : "0 s")}); ",
                report.Ok ? "every step succeeded" : Html("span", Class("bad"), "a step failed"),
                report.Digest is null ? "" : $"; digest {report.Digest}."),
            Html("h2", "Timeline"),
            Html("p", "Dashed grey: what the topology expects. Red dashed verticals: chaos actions, numbered as in the table below."),
            TimelineChart.Draw(report.Samples, report.Actions),
            ActionTable(report.Actions),
            Html("h2", "Reconvergence after each action"),
            Html("p", $"Per action, from the sample just before it to the next later action (or the end); times after the action, to the sampling interval ({Seconds(report.Interval)}). "
                + "Devices listed are those whose established sessions, EVPN routes or FDB entries changed."),
            Reconvergence(report.Reconvergence),
            Html("h2", "Topology"),
            Html("p", report.Actions.Count == 0 ? "No chaos action in this scenario." : "Red: links and devices an action touched, tagged with the actions' numbers."),
            TopologyDiagram.Draw(t, report.Actions));
        var html = Html("html", new XAttribute("lang", "en"),
            Html("head", new XElement("meta", new XAttribute("charset", "utf-8")), Html("title", $"ActorFabric report: {report.Scenario}"), Html("style", Style)),
            body);
        return "<!DOCTYPE html>\n" + html.ToString() + "\n";
    }

    public static void Write(string path, ScenarioReport report) => File.WriteAllText(path, Render(report));

    private static XElement ActionTable(IReadOnlyList<ChaosMark> actions)
    {
        var table = Html("table", Class("actions"), Html("tr", Html("th", "#"), Html("th", "emulated time"), Html("th", "action"), Html("th", "result")));
        foreach (var a in actions)
            table.Add(Html("tr", Html("td", Class("n"), a.Number), Html("td", Class("n"), Seconds(a.At)), Html("td", a.Label),
                Html("td", a.Error is null ? "applied" : Html("span", Class("bad"), a.Error))));
        return actions.Count == 0 ? Html("p", "The scenario has no chaos action.") : table;
    }

    private static XElement Reconvergence(IReadOnlyList<ActionReconvergence> all)
    {
        var section = Html("div", Class("reconvergence"));
        foreach (var r in all)
        {
            section.Add(Html("h3", $"{r.Action.Number}. {r.Action.Label} at {Seconds(r.Action.At)}"));
            string left = r.ConvergedBefore ? "left convergence and " : "";
            string fabric = !r.LeftConvergence ? "The fabric stayed converged at every sample."
                : r.ReconvergedAfter is { } back ? $"The fabric {left}was converged again {Seconds(back)} after the action."
                : $"The fabric {left}was not converged again by {Seconds(r.WindowEnd)}.";
            section.Add(Html("p", Class(r.LeftConvergence && r.ReconvergedAfter is null ? "bad" : "fabric"), fabric));
            if (r.Devices.Count == 0)
            {
                section.Add(Html("p", "No device's sessions, routes or FDB changed."));
                continue;
            }
            var table = Html("table", Class("devices"), new XAttribute("data-action", r.Action.Number),
                Html("tr", Html("th", "device"), Html("th", "sessions before / lowest / end"), Html("th", "EVPN routes before / lowest / end"),
                    Html("th", "FDB before / lowest / end"), Html("th", "first change"), Html("th", "settled"), Html("th", "back to before")));
            for (int i = 0; i < r.Devices.Count && i < MaxDevicesListed; i++)
            {
                var d = r.Devices[i];
                table.Add(Html("tr", Html("td", d.Device),
                    Html("td", Class("n"), $"{d.Before.Sessions} / {d.Lowest.Sessions} / {d.End.Sessions}"),
                    Html("td", Class("n"), $"{d.Before.Routes} / {d.Lowest.Routes} / {d.End.Routes}"),
                    Html("td", Class("n"), $"{d.Before.Fdb} / {d.Lowest.Fdb} / {d.End.Fdb}"),
                    Html("td", Class("n"), "+" + Seconds(d.FirstChange)), Html("td", Class("n"), "+" + Seconds(d.Settled)),
                    Html("td", Class("n"), d.Restored is { } restored ? "+" + Seconds(restored) : "no")));
            }
            section.Add(table);
            if (r.Devices.Count > MaxDevicesListed) section.Add(Html("p", $"… and {r.Devices.Count - MaxDevicesListed} more devices."));
        }
        return section;
    }
}
