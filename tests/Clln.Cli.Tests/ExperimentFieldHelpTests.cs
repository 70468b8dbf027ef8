using System.Text.RegularExpressions;
using Clln.Core.Experiments;

namespace Clln.Cli.Tests;

/// <summary>The experiment fields' one table of meanings: complete, and what the help and the docs say.</summary>
public sealed class ExperimentFieldHelpTests
{
    [Fact]
    public void Every_experiment_field_says_what_it_means()
    {
        var fields = ExperimentFields.Describe();
        Assert.Equal(ExperimentFields.FieldNames.Count(), fields.Count);
        var undescribed = fields.Where(f => string.IsNullOrWhiteSpace(f.Doc?.Meaning)).Select(f => f.Name).ToArray();
        Assert.True(undescribed.Length == 0, $"experiment fields without a [Field(...)] description: {string.Join(", ", undescribed)}");
    }

    [Fact]
    public async Task Train_help_gives_each_fields_meaning_unit_range_and_default()
    {
        var result = await CliRun.InProcess("train", "--help");
        Assert.Equal(0, result.ExitCode);
        var help = Flat(result.Out);
        foreach (var field in ExperimentFields.Describe())
        {
            Assert.Contains($"--{field.Flag} <{field.ValueKind}>", help);
            Assert.Contains(Flat($"{field.Description} [default: {field.Default}]"), help);
        }
        Assert.Contains("lower conductance bound of the continuous rule (S; > 0) [default: 1E-05]", help);
    }

    /// <summary>docs/experiment-fields.md is generated from the table; set CLLN_WRITE_DOCS=1 to write it anew.</summary>
    [Fact]
    public void The_field_reference_in_docs_is_the_tables()
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "experiment-fields.md");
        if (Environment.GetEnvironmentVariable("CLLN_WRITE_DOCS") == "1") File.WriteAllText(path, ExperimentFields.Markdown());
        Assert.True(File.Exists(path), $"{path} is missing: run the tests with CLLN_WRITE_DOCS=1");
        Assert.True(File.ReadAllText(path) == ExperimentFields.Markdown(), $"{path} is out of date: run the tests with CLLN_WRITE_DOCS=1");
    }

    /// <summary>Help wraps its columns: compare text with every run of blanks and line breaks as one space.</summary>
    private static string Flat(string text) => Regex.Replace(text, @"\s+", " ");

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Clln.Actors.sln"))) return directory.FullName;
        throw new InvalidOperationException("no Clln.Actors.sln above the test's folder");
    }
}
