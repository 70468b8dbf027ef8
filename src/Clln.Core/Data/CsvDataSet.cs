using System.Globalization;
using Clln.Core.Model;

namespace Clln.Core.Data;

/// <summary>
/// Reads a numeric CSV table with a header row. One column is the label: non-numeric labels (or
/// <paramref name="classification"/> true) make a classification set, numeric ones a regression set.
/// Every other column must be numeric with no missing value; errors name the file, line and column.
/// </summary>
public static class CsvDataSet
{
    public static DataSet ReadFile(string path, string labelColumn, bool? classification = null)
    {
        return Read(Formats.InputFile.ReadAllLines(path), path, labelColumn, classification);
    }

    public static DataSet Read(IReadOnlyList<string> lines, string source, string labelColumn, bool? classification = null)
    {
        var rows = lines.Select((text, index) => (Text: text, Line: index + 1)).Where(r => r.Text.Trim().Length > 0).ToList();
        if (rows.Count == 0) throw new BadInputException($"{source}: the file is empty (a header row and data rows are needed)");
        var header = Split(rows[0].Text);
        if (header.Distinct(StringComparer.OrdinalIgnoreCase).Count() != header.Length)
            throw new BadInputException($"{source}:{rows[0].Line}: duplicate column names in the header");
        var labelIndex = Array.FindIndex(header, h => h.Equals(labelColumn, StringComparison.OrdinalIgnoreCase));
        if (labelIndex < 0)
            throw new BadInputException($"{source}: label column '{labelColumn}' does not exist (columns: {string.Join(", ", header)})");
        if (header.Length < 2) throw new BadInputException($"{source}: at least one feature column is needed besides the label");
        if (rows.Count < 3) throw new BadInputException($"{source}: at least two data rows are needed");

        var featureNames = header.Where((_, i) => i != labelIndex).ToArray();
        var features = new List<double[]>();
        var labels = new List<string>();
        foreach (var (text, line) in rows.Skip(1))
        {
            var cells = Split(text);
            if (cells.Length != header.Length)
                throw new BadInputException($"{source}:{line}: expected {header.Length} columns, found {cells.Length}");
            var row = new double[featureNames.Length];
            for (int c = 0, f = 0; c < cells.Length; c++)
            {
                if (cells[c].Length == 0)
                    throw new BadInputException($"{source}:{line}: missing value in column '{header[c]}'");
                if (c == labelIndex) { labels.Add(cells[c]); continue; }
                if (!double.TryParse(cells[c], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
                    throw new BadInputException($"{source}:{line}: column '{header[c]}' is not numeric: '{cells[c]}'");
                row[f++] = value;
            }
            features.Add(row);
        }

        var numericLabels = labels.Select(l => double.TryParse(l, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : (double?)null).ToArray();
        var isClassification = classification ?? numericLabels.Any(v => v is null);
        var name = Path.GetFileNameWithoutExtension(source);
        if (!isClassification)
        {
            var bad = Array.FindIndex(numericLabels, v => v is null);
            if (bad >= 0) throw new BadInputException($"{source}: label column '{header[labelIndex]}' is not numeric ('{labels[bad]}'), so it cannot be a regression target");
            return DataSet.Regression(name, featureNames, features.ToArray(), [header[labelIndex]], numericLabels.Select(v => new[] { v!.Value }).ToArray());
        }
        var classNames = labels.Distinct(StringComparer.Ordinal).ToArray();
        if (classNames.Length < 2)
            throw new BadInputException($"{source}: label column '{header[labelIndex]}' has {classNames.Length} class ('{classNames.FirstOrDefault()}'); classification needs at least two");
        var labelIndices = labels.Select(l => Array.IndexOf(classNames, l)).ToArray();
        return DataSet.Classification(name, featureNames, features.ToArray(), header[labelIndex], classNames, labelIndices);
    }

    /// <summary>Comma-separated cells, trimmed, with double-quoted cells allowed (no commas inside quotes needed for numeric data, but tolerated).</summary>
    private static string[] Split(string line)
    {
        var cells = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var ch in line)
        {
            if (ch == '"') quoted = !quoted;
            else if (ch == ',' && !quoted) { cells.Add(current.ToString().Trim()); current.Clear(); }
            else current.Append(ch);
        }
        cells.Add(current.ToString().Trim());
        return cells.ToArray();
    }
}
