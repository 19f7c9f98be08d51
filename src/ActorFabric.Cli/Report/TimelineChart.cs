using System.Text;
using System.Xml.Linq;
using static ActorFabric.Cli.Report.Markup;

namespace ActorFabric.Cli.Report;

/// <summary>
/// The time series as one SVG: a panel per measure (sessions established, EVPN routes present, FDB entries, BUM
/// copies sent) stacked over a shared axis of emulated time, one polyline per measure, and one vertical line per chaos
/// action across every panel, labelled with its number and text.
/// </summary>
internal static class TimelineChart
{
    private const double Width = 1100, Left = 80, Right = 20, Top = 10, PanelHeight = 120, Gap = 34;

    /// <summary>A plotted measure: its name (data-measure), title, value per sample and, if any, the expected level.</summary>
    public sealed record Measure(string Key, string Title, Func<FabricSample, double> Value, Func<FabricSample, double>? Expected);

    public static readonly Measure[] Measures =
    [
        new("sessions", "BGP sessions established", s => s.Progress.SessionsEstablished, s => s.Progress.SessionsExpected),
        new("routes", "EVPN routes present", s => s.Progress.RoutesPresent, s => s.Progress.RoutesExpected),
        new("fdb", "FDB entries (all devices)", s => s.FdbEntries, null),
        new("bum", "BUM copies sent (cumulative)", s => s.BumCopies, null),
    ];

    public static XElement Draw(IReadOnlyList<FabricSample> samples, IReadOnlyList<ChaosMark> marks)
    {
        double height = Top + Measures.Length * (PanelHeight + Gap);
        double plotWidth = Width - Left - Right;
        var t0 = TimeSpan.Zero; // emulated time starts at 0 with the fabric
        var t1 = samples.Count > 0 ? samples[^1].Time : TimeSpan.Zero;
        foreach (var m in marks)
            if (m.At > t1) t1 = m.At;
        double span = Math.Max((t1 - t0).TotalSeconds, 1e-3);
        double X(TimeSpan t) => Left + (t - t0).TotalSeconds / span * plotWidth;

        var svg = Svg("svg", Class("timeline"), new XAttribute("viewBox", $"0 0 {N(Width)} {N(height)}"),
            new XAttribute("width", N(Width)), new XAttribute("height", N(height)), new XAttribute("role", "img"));
        double step = TickStep(span);
        for (int p = 0; p < Measures.Length; p++)
        {
            var measure = Measures[p];
            double top = Top + p * (PanelHeight + Gap) + 16;
            double bottom = top + PanelHeight - 16;
            double max = 1;
            foreach (var s in samples) max = Math.Max(max, Math.Max(measure.Value(s), measure.Expected?.Invoke(s) ?? 0));
            max *= 1.05;
            double Y(double v) => bottom - v / max * (bottom - top);

            var panel = Svg("g", Class("panel"), new XAttribute("data-measure", measure.Key),
                Svg("text", Class("panel-title"), new XAttribute("x", N(Left)), new XAttribute("y", N(top - 4)), measure.Title),
                Svg("rect", Class("frame"), new XAttribute("x", N(Left)), new XAttribute("y", N(top)), new XAttribute("width", N(plotWidth)), new XAttribute("height", N(bottom - top))),
                Svg("text", Class("axis"), new XAttribute("x", N(Left - 6)), new XAttribute("y", N(bottom)), new XAttribute("text-anchor", "end"), "0"),
                Svg("text", Class("axis"), new XAttribute("x", N(Left - 6)), new XAttribute("y", N(top + 10)), new XAttribute("text-anchor", "end"), Count((long)Math.Round(max / 1.05))));
            for (double t = Math.Ceiling(t0.TotalSeconds / step) * step; t <= t0.TotalSeconds + span + 1e-9; t += step)
            {
                double x = X(TimeSpan.FromSeconds(t));
                panel.Add(Svg("line", Class("grid"), new XAttribute("x1", N(x)), new XAttribute("x2", N(x)), new XAttribute("y1", N(top)), new XAttribute("y2", N(bottom))),
                    Svg("text", Class("axis"), new XAttribute("x", N(x)), new XAttribute("y", N(bottom + 12)), new XAttribute("text-anchor", "middle"), Seconds(TimeSpan.FromSeconds(t))));
            }
            if (measure.Expected is { } expected && samples.Count > 0)
                panel.Add(Svg("polyline", Class("expected"), new XAttribute("points", Points(samples, X, s => Y(expected(s))))));
            panel.Add(Svg("polyline", Class($"series {measure.Key}"), new XAttribute("points", Points(samples, X, s => Y(measure.Value(s)))),
                Svg("title", measure.Title)));
            svg.Add(panel);
        }
        foreach (var m in marks)
        {
            double x = X(m.At);
            double bottom = height - Gap + 16;
            svg.Add(Svg("g", Class(m.Error is null ? "chaos" : "chaos failed"), new XAttribute("data-action", m.Number),
                Svg("title", $"{m.Number}. {Seconds(m.At)} {m.Label}{(m.Error is null ? "" : " — " + m.Error)}"),
                Svg("line", Class("chaos-mark"), new XAttribute("x1", N(x)), new XAttribute("x2", N(x)), new XAttribute("y1", N(Top + 12)), new XAttribute("y2", N(bottom))),
                Svg("text", Class("chaos-label"), new XAttribute("x", N(x - 3)), new XAttribute("y", N(Top + 16)), new XAttribute("text-anchor", "end"),
                    new XAttribute("transform", $"rotate(-90 {N(x - 3)} {N(Top + 16)})"), $"{m.Number} {m.Label}")));
        }
        return svg;
    }

    /// <summary>A polyline's points attribute. A step shape (hold, then jump) since a sample holds until the next one.</summary>
    private static string Points(IReadOnlyList<FabricSample> samples, Func<TimeSpan, double> x, Func<FabricSample, double> y)
    {
        var text = new StringBuilder();
        for (int i = 0; i < samples.Count; i++)
        {
            if (i > 0) text.Append(' ').Append(N(x(samples[i].Time))).Append(',').Append(N(y(samples[i - 1]))).Append(' ');
            text.Append(N(x(samples[i].Time))).Append(',').Append(N(y(samples[i])));
        }
        return text.ToString();
    }

    /// <summary>A round tick spacing giving at most about twelve ticks.</summary>
    private static double TickStep(double span)
    {
        foreach (var step in (double[])[0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600])
            if (span / step <= 12) return step;
        return Math.Ceiling(span / 12 / 3600) * 3600;
    }
}
