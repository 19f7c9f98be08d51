using System.Text;

namespace ActorFabric.Cli.Output;

/// <summary>
/// Whitespace-aligned columns as network operating systems print them (no box drawing): each column as wide
/// as its widest cell, left-aligned unless marked right-aligned, two spaces apart, no trailing blanks.
/// </summary>
public sealed class TextColumns
{
    private readonly string[] _headers;
    private readonly bool[] _right;
    private readonly List<string[]> _rows = [];

    /// <param name="headers">Column headers; prefix one with '>' to right-align that column.</param>
    public TextColumns(params string[] headers)
    {
        _headers = new string[headers.Length];
        _right = new bool[headers.Length];
        for (int i = 0; i < headers.Length; i++)
        {
            _right[i] = headers[i].StartsWith('>');
            _headers[i] = _right[i] ? headers[i][1..] : headers[i];
        }
    }

    public int Count => _rows.Count;

    public TextColumns Add(params object?[] cells)
    {
        var row = new string[_headers.Length];
        for (int i = 0; i < row.Length; i++) row[i] = i < cells.Length ? Format(cells[i]) : "";
        _rows.Add(row);
        return this;
    }

    public void WriteTo(TextWriter output, string indent = "")
    {
        var widths = new int[_headers.Length];
        for (int i = 0; i < widths.Length; i++) widths[i] = _headers[i].Length;
        foreach (var row in _rows)
            for (int i = 0; i < row.Length; i++) widths[i] = Math.Max(widths[i], row[i].Length);
        WriteRow(output, indent, _headers, widths);
        foreach (var row in _rows) WriteRow(output, indent, row, widths);
    }

    private void WriteRow(TextWriter output, string indent, string[] cells, int[] widths)
    {
        var line = new StringBuilder(indent);
        for (int i = 0; i < cells.Length; i++)
        {
            if (i > 0) line.Append("  ");
            var pad = widths[i] - cells[i].Length;
            if (_right[i]) line.Append(' ', pad).Append(cells[i]);
            else line.Append(cells[i]).Append(' ', i == cells.Length - 1 ? 0 : pad);
        }
        output.WriteLine(line.ToString().TrimEnd());
    }

    private static string Format(object? cell) => cell switch
    {
        null => "",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => cell.ToString() ?? "",
    };
}
