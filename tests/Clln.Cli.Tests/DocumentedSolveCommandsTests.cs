using System.Text.RegularExpressions;

namespace Clln.Cli.Tests;

/// <summary>
/// Every `clln solve` and `clln springs` command the README shows runs as shown, on both engines, read from the README itself so that the documentation cannot drift from the program.
/// </summary>
public sealed partial class DocumentedSolveCommandsTests
{
    private static string Shipped(string relative) => Path.Combine(AppContext.BaseDirectory, relative);

    [GeneratedRegex(@"^(?:clln|dotnet run --project src/Clln\.Cli --) (?<command>solve|springs)(?![-\w])(?<args>[^#]*)")]
    private static partial Regex CommandLine();

    /// <summary>The README's command lines, without `clln` and the comment (the bad-input example left out).</summary>
    private static List<string> CommandLines() => File.ReadLines(Shipped("README.md"))
        .Select(line => CommandLine().Match(line.Trim()))
        .Where(match => match.Success && !match.Groups["args"].Value.Contains("bad.json"))
        .Select(match => $"{match.Groups["command"].Value}{match.Groups["args"].Value.TrimEnd()}")
        .ToList();

    public static TheoryData<string> Commands() => [.. CommandLines()];

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task The_readmes_command_runs_as_shown(string command)
    {
        var args = command.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(a => a.StartsWith("data/") ? Shipped(a) : a).ToArray();
        // A command that names its engine runs as written; the others on both.
        foreach (var engine in args.Contains("--engine") ? ["as written"] : new[] { "reference", "actors" })
        {
            var result = await CliRun.InProcess(engine == "actors" ? [.. args, "--engine", "actors"] : args);
            Assert.True(result.ExitCode == 0, $"clln {command} ({engine}) exited {result.ExitCode}: {result.Error}");
            Assert.NotEqual("", result.Out.Trim());
        }
    }

    [Fact]
    public void The_readme_shows_both_kinds()
    {
        var commands = CommandLines();
        Assert.Contains(commands, c => c.StartsWith("springs "));
        Assert.Contains(commands, c => c.Contains("flow-network.json"));
    }
}
