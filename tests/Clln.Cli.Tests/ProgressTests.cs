using System.Text.RegularExpressions;
using Clln.Cli.Commands;
using Clln.Cli.Training;
using Clln.Core.Experiments;
using Clln.Core.Training;
using Spectre.Console;

namespace Clln.Cli.Tests;

/// <summary>What a person watching a run sees: piped lines with the time so far and left, and a live bar within 80 columns.</summary>
public sealed class ProgressTests
{
    private static EpochMetrics Row(int epoch) => new(epoch, 0.1234 / epoch, 0.85, 0.1345 / epoch, 0.9, 1e-3, 1000, 5);

    private static CliContext Context(TextWriter error, bool interactive = false, bool quiet = false) =>
        new(TextWriter.Null, error, AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) }), CancellationToken.None, interactive, quiet);

    [Fact]
    public async Task Piped_lines_carry_the_epoch_the_numbers_the_elapsed_time_and_the_eta()
    {
        var error = new StringWriter();
        await EpochProgress.RunAsync(1, 20, Context(error), epoch => Task.FromResult(Row(epoch)));
        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(10, lines.Length); // one every tenth of the run
        Assert.All(lines, line => Assert.Matches(
            @"^epoch \d+/20  train loss \S+  test loss \S+  train acc 0\.850  test acc 0\.900  elapsed \d+:\d\d:\d\d  eta (\d+:\d\d:\d\d)$", line));
        Assert.EndsWith("eta 0:00:00", lines[^1]);
    }

    [Fact]
    public async Task A_sweeps_piped_lines_carry_the_run_count_the_elapsed_time_and_the_eta()
    {
        var error = new StringWriter();
        Experiment[] runs = [new(), new() { Seed = 2 }, new() { Seed = 3 }];
        await SweepProgress.RunAsync(runs, 1, Context(error), (experiment, _) => Task.FromResult<string?>($"seed {experiment.Seed}: done"));
        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.All(lines, line => Assert.Matches(@"^clln: run [123]/3: seed [123]: done  elapsed \d+:\d\d:\d\d  eta \d+:\d\d:\d\d$", line));
        var quiet = new StringWriter();
        await SweepProgress.RunAsync(runs, 1, Context(quiet, quiet: true), (_, _) => Task.FromResult<string?>("done"));
        Assert.Equal("", quiet.ToString());
    }

    [Fact]
    public void The_eta_is_the_pace_so_far_times_what_is_left()
    {
        Assert.Equal("elapsed 0:01:00  eta 0:03:00", ProgressDisplay.Timing(TimeSpan.FromMinutes(1), done: 1, left: 3));
        Assert.Equal("elapsed 2:00:05  eta 0:00:00", ProgressDisplay.Timing(TimeSpan.FromSeconds(7205), done: 4, left: 0));
        Assert.Equal("elapsed 0:00:00  eta ?", ProgressDisplay.Timing(TimeSpan.Zero, done: 0, left: 5));
    }

    [Fact]
    public async Task Quiet_shows_no_progress()
    {
        var error = new StringWriter();
        var epochs = 0;
        await EpochProgress.RunAsync(1, 5, Context(error, interactive: true, quiet: true), epoch => { epochs++; return Task.FromResult(Row(epoch)); });
        Assert.Equal(5, epochs);
        Assert.Equal("", error.ToString());
    }

    [Fact]
    public async Task The_live_bar_fits_80_columns()
    {
        var screen = new StringWriter();
        var terminal = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(screen),
        });
        terminal.Profile.Width = 80;
        terminal.Profile.Capabilities.Interactive = true;
        await EpochProgress.RunAsync(99_998, 100_000, Context(TextWriter.Null, interactive: true), epoch => Task.FromResult(Row(epoch) with { TestLoss = -1.234e-10 }), terminal);
        // What the terminal shows: the text between the cursor moves and erasures that redraw the bar in place.
        var shown = Regex.Split(Regex.Replace(screen.ToString(), @"\x1b\[[0-9;?]*[A-Za-z]", "\n"), @"[\r\n]").Where(l => l.Trim().Length > 0).ToArray();
        // One line holds it all (a description too wide for its column wraps, and the bar collapses under it).
        Assert.Contains(shown, line => Regex.IsMatch(line, @"^epoch 100000/100000 loss -1\.23e-10 acc 0\.900 +━+ +100% +\d\d:\d\d:\d\d +\d\d:\d\d:\d\d *$"));
        Assert.All(shown, line => Assert.True(line.Length <= 80, $"{line.Length} columns: {line}"));
    }
}
