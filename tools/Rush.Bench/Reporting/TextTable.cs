using System.Text;

namespace Rush.Bench.Reporting;

/// <summary>A plain-text table: first column left-aligned, the others right-aligned.</summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    /// <summary>Adds a row (as many cells as headers).</summary>
    public void Add(params string[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"Expected {headers.Length} cells, got {cells.Length}.", nameof(cells));
        }

        _rows.Add(cells);
    }

    /// <summary>Writes the table with a two-space indent.</summary>
    public void WriteTo(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var widths = new int[headers.Length];
        for (var c = 0; c < headers.Length; c++)
        {
            widths[c] = headers[c].Length;
            foreach (var row in _rows)
            {
                widths[c] = Math.Max(widths[c], row[c].Length);
            }
        }

        WriteRow(writer, headers, widths);
        var rule = new StringBuilder("  ");
        for (var c = 0; c < widths.Length; c++)
        {
            rule.Append(c == 0 ? "" : "  ").Append('-', widths[c]);
        }

        writer.WriteLine(rule.ToString());
        foreach (var row in _rows)
        {
            WriteRow(writer, row, widths);
        }
    }

    private static void WriteRow(TextWriter writer, string[] cells, int[] widths)
    {
        var line = new StringBuilder("  ");
        for (var c = 0; c < cells.Length; c++)
        {
            if (c == 0)
            {
                line.Append(cells[c].PadRight(widths[c]));
            }
            else
            {
                line.Append("  ").Append(cells[c].PadLeft(widths[c]));
            }
        }

        writer.WriteLine(line.ToString().TrimEnd());
    }
}
