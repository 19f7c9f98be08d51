using System.Globalization;
using Spectre.Console;

namespace ActorFabric.Cli.Up;

/// <summary>The summary table <c>up</c> prints when the fabric has converged, rendered without colours when the output is not a terminal.</summary>
public static class UpSummaryTable
{
    public static void Write(UpSummary s, TextWriter output, bool terminal)
    {
        var table = new Table().Title($"{s.Topology}: {(s.Converged ? "converged" : "NOT converged")}")
            .AddColumn("")
            .AddColumn(new TableColumn("").RightAligned());
        table.ShowHeaders = false;
        string N(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
        // Spines may themselves be the route reflectors, so reflectors are counted apart from the device kinds.
        int dedicatedReflectors = s.Devices - s.Spines - s.Leaves;
        var kinds = $"{s.Spines} spines, {s.Leaves} leaves" + (dedicatedReflectors > 0 ? $", {dedicatedReflectors} route reflectors" : "");
        table.AddRow("devices", $"{s.Devices} ({kinds}); {s.RouteReflectors} reflect routes");
        table.AddRow("links", s.Links.ToString(CultureInfo.InvariantCulture));
        table.AddRow("VNIs", s.Vnis.ToString(CultureInfo.InvariantCulture));
        table.AddRow("BGP sessions", $"{s.SessionsEstablished}/{s.SessionsExpected} established");
        table.AddRow("EVPN routes", $"{s.RoutesPresent}/{s.RoutesExpected} present");
        table.AddRow("flood lists", $"{s.FloodListsComplete}/{s.FloodListsExpected} complete");
        table.AddRow("MACs (hosts)", s.Macs.ToString(CultureInfo.InvariantCulture));
        table.AddRow("convergence (emulated)", s.ConvergeEmulatedS is { } e ? N(e * 1000, "0.###") + " ms" : "-");
        table.AddRow("convergence (wall)", N(s.ConvergeWallS, "0.###") + " s");
        table.AddRow("messages processed", s.Messages.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("clock / seed", $"{s.Clock} / {s.Seed}");
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal) console.Profile.Width = 100;
        console.Write(table);
    }
}
