namespace Clln.Cli.Tests;

/// <summary>
/// The command line's strictness and its own actions: every mistake is one line and exit code 2
/// naming what is wrong; --help and --version answer without running anything.
/// </summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("clln-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Folder(string name) => Path.Combine(_directory, name);

    private static readonly string Divider = CliRun.DataFile("divider.cir");

    [Theory]
    [InlineData(new[] { "train", "--k-mn", "1e-5" }, "train: unknown option '--k-mn' (did you mean --k-min?)")]
    [InlineData(new[] { "train", "--epoch=3" }, "train: unknown option '--epoch' (did you mean --epochs?)")]
    [InlineData(new[] { "sweep", "x.json", "--concurency", "2" }, "sweep: unknown option '--concurency' (did you mean --concurrency?)")]
    [InlineData(new[] { "solve", "x.cir", "--mesage-loss", "0.1" }, "solve: unknown option '--mesage-loss' (did you mean --message-loss?)")]
    [InlineData(new[] { "train", "--zzzzzz", "1" }, "train: unknown option '--zzzzzz' (see clln train --help)")]
    [InlineData(new[] { "train", "-x" }, "train: unknown option '-x' (options are written --name)")]
    [InlineData(new[] { "trian" }, "unknown command 'trian' (did you mean train?)")]
    [InlineData(new[] { "frobnicate" }, "unknown command 'frobnicate' (commands: train, sweep, solve, export, analyze, view, node, springs, springs-train; see clln --help)")]
    public async Task An_unknown_name_is_an_error_with_the_closest_known_one(string[] args, string message) =>
        CliRun.AssertBadInput(await CliRun.InProcess(args), message);

    [Theory]
    [InlineData(new[] { "train", "--epochs", "3", "--epochs", "4" }, "train: option --epochs is given twice")]
    [InlineData(new[] { "train", "--epochs=3", "--epochs", "4" }, "train: option --epochs is given twice")]
    [InlineData(new[] { "train", "--verbose", "--verbose" }, "train: option --verbose is given twice")]
    [InlineData(new[] { "solve", "x.cir", "--engine", "actors", "--drop", "0.1", "--message-loss", "0.2" }, "solve: option --message-loss is given twice (--drop is its old name)")]
    public async Task An_option_given_twice_is_an_error(string[] args, string message) =>
        CliRun.AssertBadInput(await CliRun.InProcess(args), message);

    [Theory]
    [InlineData(new[] { "train", "--epochs" }, "train: option --epochs needs a value")]
    [InlineData(new[] { "train", "--epochs", "--verbose" }, "train: option --epochs needs a value")]
    [InlineData(new[] { "solve", "x.cir", "--format" }, "solve: option --format needs a value")]
    [InlineData(new[] { "train", "--verbose=true" }, "train: option --verbose takes no value")]
    [InlineData(new[] { "--version", "train" }, "--version takes no other arguments")]
    [InlineData(new[] { "train", "--", "-x.json" }, "-x.json: no such file")] // after --, an argument like any other
    [InlineData(new[] { "solve" }, "solve: missing FILE")]
    [InlineData(new[] { "export", "in.json" }, "export: missing OUT")]
    [InlineData(new[] { "export", "in.json", "out.cir", "more" }, "export: unexpected argument 'more'")]
    public async Task A_missing_value_or_argument_is_an_error(string[] args, string message) =>
        CliRun.AssertBadInput(await CliRun.InProcess(args), message);

    [Theory]
    [InlineData(new[] { "train", "--k-min", "small" }, "train: option --k-min: expected a finite number, not 'small'")]
    [InlineData(new[] { "train", "--epochs", "2.5" }, "train: option --epochs: expected an integer, not '2.5'")]
    [InlineData(new[] { "solve", "x.cir", "--engine", "actors", "--tolerance", "tiny" }, "solve: option --tolerance expects a number, not 'tiny'")]
    [InlineData(new[] { "solve", "x.cir", "--engine", "actors", "--seed", "1.5" }, "solve: option --seed expects an integer, not '1.5'")]
    [InlineData(new[] { "solve", "x.cir", "--engine", "actors", "--drop", "2" }, "solve: option --drop must be in [0, 1), not 2")]
    [InlineData(new[] { "sweep", "x.json", "--concurrency", "many" }, "sweep: option --concurrency expects an integer, not 'many'")]
    [InlineData(new[] { "node", "--port", "70000" }, "node: option --port must be a port number, 0 to 65535, not 70000")]
    public async Task A_bad_value_is_refused_naming_the_option(string[] args, string message) =>
        CliRun.AssertBadInput(await CliRun.InProcess(args), message);

    [Fact]
    public async Task A_negative_number_is_a_value_not_an_option()
    {
        // -0.2 would be an unknown option if it were read as one; as a value it is refused by the field's own range check.
        CliRun.AssertBadInput(await CliRun.InProcess("train", "--cut-fraction", "-0.2", "--output", Folder("negative")), "experiment field cut_fraction: must be in [0, 1], not -0.2");
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_anywhere_on_the_line_prints_the_commands_help_and_runs_nothing(string help)
    {
        var output = Folder("not-run");
        var result = await CliRun.InProcess("train", "--epochs", "3", "--output", output, help, "--engine", "reference");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
        Assert.Contains("clln train [<EXPERIMENT.json>] [options]", result.Out);
        Assert.Contains("--k-min <NUMBER>", result.Out);
        Assert.False(Directory.Exists(output), "--help ran the training");
    }

    [Theory]
    [InlineData("solve", "--message-loss <P>")]
    [InlineData("sweep", "--concurrency <N>")]
    [InlineData("export", "<OUT>")]
    [InlineData("node", "--config <FILE>")]
    public async Task Every_command_has_generated_help(string command, string expected)
    {
        var result = await CliRun.InProcess(command, "--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains(expected, result.Out);
        Assert.All(result.Out.Split('\n'), line => Assert.True(line.Length <= 80, $"help line over 80 columns: {line}"));
    }

    [Fact]
    public async Task Clln_alone_lists_the_commands_and_exits_2_while_help_exits_0()
    {
        var bare = await CliRun.InProcess();
        Assert.Equal(2, bare.ExitCode);
        foreach (var command in new[] { "train", "sweep", "solve", "export", "node" }) Assert.Contains(command, bare.Out);
        Assert.Equal(0, (await CliRun.InProcess("--help")).ExitCode);
        var train = await CliRun.InProcess("help", "train");
        Assert.Equal(0, train.ExitCode);
        Assert.Contains("--k-min", train.Out);
    }

    [Fact]
    public async Task Version_prints_the_build_and_exits_0()
    {
        var result = await CliRun.InProcess("--version");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(BuildInfo.Text + "\n", result.Out.Replace("\r\n", "\n"));
        Assert.Matches(@"^clln \d+\.\d+\.\d+\S* \(commit [0-9a-f]{1,12}|unknown\)$", BuildInfo.Text);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public async Task Completion_offers_the_options_of_a_command()
    {
        var result = await CliRun.InProcess("[suggest:9]", "train --k");
        Assert.Equal(0, result.ExitCode);
        var offered = result.Out.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("--k-min", offered);
        Assert.DoesNotContain("--epochs", offered);
    }

    [Theory]
    [InlineData("--drop", "0.1", "--message-loss")]
    [InlineData("--noise", "1e-9", "--link-noise")]
    [InlineData("--delay", "fixed:10us", "--link-delay")]
    [InlineData("--reorder", null, "--link-order reorder")]
    public async Task Solves_old_link_option_names_still_work_with_a_one_line_note(string old, string? value, string replacement)
    {
        string[] args = ["solve", Divider, "--engine", "actors", "--format", "json", old, .. value is null ? Array.Empty<string>() : [value]];
        var result = await CliRun.InProcess(args);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"clln: warning: option {old} is deprecated and goes in the next release; use {replacement}\n", result.Error.Replace("\r\n", "\n"));
        Assert.StartsWith("{", result.Out.TrimStart());
    }

    [Fact]
    public async Task Solves_help_shows_only_the_new_link_option_names()
    {
        var help = (await CliRun.InProcess("solve", "--help")).Out;
        foreach (var name in new[] { "--message-loss", "--link-noise", "--link-delay", "--link-order" }) Assert.Contains(name, help);
        foreach (var old in new[] { "--drop", "--noise", "--delay", "--reorder" }) Assert.DoesNotContain(old + " ", help);
    }

    [Fact]
    public async Task Solves_new_link_option_names_need_no_note()
    {
        var result = await CliRun.InProcess("solve", Divider, "--engine", "actors", "--format", "json", "--message-loss", "0.1", "--link-noise", "1e-9",
            "--link-delay", "fixed:10us", "--link-order", "reorder");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public async Task Quiet_training_says_nothing_on_standard_error_but_keeps_its_result()
    {
        var loud = await CliRun.InProcess("train", "--engine", "reference", "--epochs", "2", "--output", Folder("loud"));
        Assert.Equal(0, loud.ExitCode);
        Assert.Contains("epoch 2/2", loud.Error);
        var quiet = await CliRun.InProcess("train", "--engine", "reference", "--epochs", "2", "--output", Folder("quiet"), "--quiet");
        Assert.Equal(0, quiet.ExitCode);
        Assert.Equal("", quiet.Error);
        Assert.Equal(loud.Out, quiet.Out); // the result line on standard output is the same
    }

    [Fact]
    public async Task Quiet_still_shows_warnings()
    {
        var result = await CliRun.InProcess("solve", Divider, "--engine", "actors", "--drop", "0.1", "--quiet", "--format", "json");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("clln: warning: option --drop is deprecated", result.Error);
    }

    [Theory]
    [InlineData("train")]
    [InlineData("sweep")]
    public async Task Force_is_an_option_of_train_and_sweep(string command)
    {
        var result = await CliRun.InProcess(command, "--force", "--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--force", result.Out);
        CliRun.AssertBadInput(await CliRun.InProcess(command, "--force", "--force"), $"{command}: option --force is given twice");
    }
}
