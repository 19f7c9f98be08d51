using System.Text.RegularExpressions;
using System.Xml.Linq;
using ActorFabric.Cli.Report;

namespace ActorFabric.Cli.Tests.Report;

/// <summary>The HTML report's markup: well-formed, self-contained, one series per measure, one marker per chaos action.</summary>
public partial class ReportPageTests
{
    private static readonly string Html = ReportPage.Render(ReportFixture.Report());

    /// <summary>The page as XML (the doctype line is HTML's, not XML's).</summary>
    private static XDocument Page()
    {
        Assert.StartsWith("<!DOCTYPE html>\n", Html);
        return XDocument.Parse(Html["<!DOCTYPE html>\n".Length..]);
    }

    private static IEnumerable<XElement> WithClass(XDocument page, string name, string cls) =>
        page.Descendants(name).Where(e => ((string?)e.Attribute("class"))?.Split(' ').Contains(cls) == true);

    [Fact]
    public void The_page_is_well_formed_markup_with_one_series_per_plotted_measure()
    {
        var page = Page();
        Assert.Equal("html", page.Root!.Name.LocalName);
        var series = WithClass(page, "polyline", "series").ToList();
        Assert.Equal(["sessions", "routes", "fdb", "bum"], series.Select(s => (string)s.Parent!.Attribute("data-measure")!));
        // Each series has one point per sample plus the step's corner between samples.
        Assert.All(series, s => Assert.Equal(2 * 17 - 1, ((string)s.Attribute("points")!).Split(' ').Length));
    }

    [Fact]
    public void Every_chaos_action_has_one_marker_with_its_label_and_other_steps_none()
    {
        var page = Page();
        Assert.Equal(3, WithClass(page, "line", "chaos-mark").Count());
        var labels = WithClass(page, "text", "chaos-label").Select(t => t.Value).ToList();
        Assert.Equal(["1 link-down leaf1 spine1", "2 link-up leaf1 spine1", "3 device-stop spine2 (drain)"], labels);
        Assert.DoesNotContain(labels, l => l.Contains("ping"));
    }

    [Fact]
    public void The_page_loads_nothing_from_the_network_and_runs_no_script()
    {
        var page = Page();
        Assert.Empty(page.Descendants("script"));
        Assert.Empty(page.Descendants("link"));
        Assert.DoesNotContain(page.Descendants().Attributes(), a => a.Name.LocalName is "href" or "src");
        Assert.DoesNotContain("http:", Html);
        Assert.DoesNotContain("https:", Html);
        Assert.DoesNotContain("url(", Html);
        Assert.DoesNotContain("@import", Html);
    }

    [Fact]
    public void Html_elements_are_never_written_self_closed()
    {
        // <td /> is an open tag to an HTML parser; only void elements and SVG may close themselves.
        var selfClosed = SelfClosed().Matches(Html).Select(m => m.Groups[1].Value).Where(n => n is not ("meta" or "line" or "rect" or "polyline" or "circle")).ToList();
        Assert.Empty(selfClosed);
    }

    [Fact]
    public void The_topology_highlights_the_links_and_devices_an_action_touched()
    {
        var page = Page();
        var touched = WithClass(page, "g", "touched").Where(g => g.Attribute("data-link") is not null).ToDictionary(g => (string)g.Attribute("data-link")!, g => g.Element("text")!.Value);
        Assert.Equal("1,2", touched["leaf1:eth1-spine1:eth1"]);
        Assert.Equal(4, touched.Count(kv => kv.Key.Contains("spine2") && kv.Value == "3"));
        Assert.Equal(5, touched.Count);
        var node = Assert.Single(WithClass(page, "g", "touched"), g => g.Attribute("data-device") is not null);
        Assert.Equal("spine2", (string)node.Attribute("data-device")!);
        Assert.Equal(8, page.Descendants("g").Count(g => g.Attribute("data-host") is not null));
    }

    [Fact]
    public void The_reconvergence_section_lists_per_action_the_devices_that_changed()
    {
        var page = Page();
        var tables = page.Descendants("table").Where(t => (string?)t.Attribute("class") == "devices").ToDictionary(t => (int)t.Attribute("data-action")!);
        Assert.Equal(["leaf1"], tables[1].Elements("tr").Skip(1).Select(r => r.Elements("td").First().Value));
        Assert.Equal(["spine2", "leaf1", "leaf2", "leaf3", "leaf4"], tables[3].Elements("tr").Skip(1).Select(r => r.Elements("td").First().Value));
        Assert.Contains("converged again 0.5 s after the action", Html);
    }

    [GeneratedRegex(@"<([a-z0-9]+)(?:\s[^<>]*)?/>")]
    private static partial Regex SelfClosed();
}
