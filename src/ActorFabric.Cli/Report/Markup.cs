using System.Globalization;
using System.Xml.Linq;

namespace ActorFabric.Cli.Report;

/// <summary>
/// Building blocks of the report's markup. Elements are <see cref="XElement"/>s so the page is well-formed and every
/// text is escaped; HTML elements never serialize as <c>&lt;td /&gt;</c> (an HTML parser would read that as an open tag).
/// </summary>
internal static class Markup
{
    /// <summary>An HTML element: attributes and content as for <see cref="XElement"/>; empty ones get an explicit end tag.</summary>
    public static XElement Html(string name, params object?[] content)
    {
        var e = new XElement(name, content);
        if (e.IsEmpty) e.Value = "";
        return e;
    }

    /// <summary>An SVG element (inline SVG in HTML needs no namespace: the parser puts it in the SVG namespace).</summary>
    public static XElement Svg(string name, params object?[] content) => new(name, content);

    public static XAttribute Class(string value) => new("class", value);

    /// <summary>A coordinate with at most one decimal, invariant culture.</summary>
    public static string N(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>Emulated seconds for people: "2.35 s".</summary>
    public static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

    public static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);
}
