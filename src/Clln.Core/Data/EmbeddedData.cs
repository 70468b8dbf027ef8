using System.Reflection;

namespace Clln.Core.Data;

/// <summary>Data sets shipped inside the program, so the default run needs no file.</summary>
public static class EmbeddedData
{
    /// <summary>Fisher's Iris data (1936, public domain): 150 flowers, 4 measurements in cm, 3 species.</summary>
    public static DataSet Iris()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Clln.Core.iris.csv")
            ?? throw new InvalidOperationException("the Iris data is missing from the assembly");
        using var reader = new StreamReader(stream);
        var lines = reader.ReadToEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        return CsvDataSet.Read(lines, "iris", "species", classification: true);
    }
}
