using System.Diagnostics;
using System.Reflection;
using System.Security.Cryptography;

namespace Clln.Cli.Tests;

/// <summary>
/// The benchmark harness's help: `Clln.Bench NAME --help`, the option anywhere on the line, prints
/// the usage and exits at once, running nothing and writing nothing (docs/ untouched, no runs/);
/// a bad value is one line naming its option, likewise running nothing.
/// </summary>
public sealed class BenchHelpTests
{
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Clln.Actors.sln"))) return dir.FullName;
        throw new InvalidOperationException("the repository root (Clln.Actors.sln) is not above the test's folder");
    }

    private static string BenchDll()
    {
        var configuration = typeof(BenchHelpTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        return Path.Combine(RepositoryRoot(), "bench", "Clln.Bench", "bin", configuration, "net10.0", "Clln.Bench.dll");
    }

    private static (int Code, string Out, string Error) Bench(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot() };
        start.ArgumentList.Add(BenchDll());
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        // Usage is instant; a benchmark that started instead would take far longer.
        if (!process.WaitForExit(30_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"Clln.Bench {string.Join(' ', args)} ran on instead of printing its usage");
        }
        return (process.ExitCode, output.Result, error.Result);
    }

    private static string Fingerprint()
    {
        var root = RepositoryRoot();
        var files = new[] { "docs/benchmarks.md", "docs/results.md" }.Select(f => Path.Combine(root, f)).Where(File.Exists);
        var runs = Path.Combine(root, "runs");
        var listing = Directory.Exists(runs) ? string.Join("\n", Directory.EnumerateFileSystemEntries(runs, "*", SearchOption.AllDirectories).Order()) : "";
        return string.Join(",", files.Select(f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))))) + "|" + listing;
    }

    [Fact]
    public void Help_anywhere_prints_each_benchmarks_usage_and_runs_nothing()
    {
        Assert.True(File.Exists(BenchDll()), $"{BenchDll()} not built");
        var before = Fingerprint();
        var list = Bench("--help");
        Assert.Equal(0, list.Code);
        var names = list.Out.Split('\n').Where(l => l.StartsWith("  ", StringComparison.Ordinal) && l.Trim().Length > 0)
            .Select(l => l.Trim().Split(' ')[0]).ToArray();
        Assert.Contains("solver", names);
        Assert.Contains("gen2", names);
        foreach (var name in names)
        {
            foreach (var args in new[] { new[] { name, "--help" }, [name, "3", "--help"], [name, "-h"] })
            {
                var result = Bench(args);
                Assert.True(result.Code == 0, $"{string.Join(' ', args)}: exit {result.Code}: {result.Error}");
                Assert.StartsWith($"usage: Clln.Bench {name}", result.Out);
            }
        }
        Assert.Equal(before, Fingerprint());
    }

    [Theory]
    [InlineData("--epochs", "-1")]
    [InlineData("--epochs", "x")]
    [InlineData("--clocked", "1")]
    [InlineData("--async", "20,y")]
    public void A_bad_value_is_one_line_naming_its_option_and_runs_nothing(string option, string value)
    {
        Assert.True(File.Exists(BenchDll()), $"{BenchDll()} not built");
        var before = Fingerprint();
        var result = Bench("cluster", option, value, "--members-only");
        Assert.Equal(1, result.Code);
        Assert.StartsWith($"cluster: {option}: ", result.Error.Trim());
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.Equal(before, Fingerprint());
    }
}
