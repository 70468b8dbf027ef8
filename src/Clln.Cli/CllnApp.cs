using Clln.Cli.CommandLine;
using Clln.Cli.Commands;
using Clln.Core.Model;
using Serilog;
using Serilog.Events;
using Spectre.Console;

namespace Clln.Cli;

/// <summary>
/// The `clln` command: dispatches to a subcommand and turns bad input into a one-line error and
/// exit code 2, never a stack trace. Callable in-process, so tests run it without spawning.
/// </summary>
public static class CllnApp
{
    public static IReadOnlyList<ICommand> Commands { get; } = [new TrainCommand(), new SweepCommand(), new SolveCommand(), new ExportCommand(), new AnalyzeCommand(), new ViewCommand(), new NodeCommand(), new SpringsCommand(), new SpringsTrainCommand()];

    /// <summary>Built once: the definitions are fixed, and parsing leaves them as they were.</summary>
    private static readonly CllnCommandLine CommandLine = new(Commands);

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellation = default, bool interactive = false)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        var context = new CliContext(output, error, console, cancellation, interactive);
        if (args.Length == 0)
        {
            CommandLine.WriteHelp(output);
            return ExitCodes.BadInput;
        }
        // `clln help [COMMAND]` is `clln [COMMAND] --help`.
        if (args[0] == "help") args = [.. args[1..], "--help"];
        var parsed = CommandLine.Parse(args);
        if (parsed.GetResult(CommandLine.Version) is not null)
        {
            if (args.Length > 1)
            {
                error.WriteLine("clln: error: --version takes no other arguments");
                return ExitCodes.BadInput;
            }
            output.WriteLine(BuildInfo.Text);
            return ExitCodes.Success;
        }
        // Help (anywhere on the line) and completions (the [suggest] directive): the library's own actions, nothing runs.
        if (parsed.Action is not null and not System.CommandLine.Invocation.ParseErrorAction)
            return await parsed.InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output, Error = error }, cancellation);
        if (UsageProblems.First(parsed, args) is { } problem)
        {
            error.WriteLine($"clln: error: {problem}");
            return ExitCodes.BadInput;
        }
        ConfigureLogging(verbose: args.Contains("--verbose"));
        var command = Commands.First(c => c.Definition == parsed.CommandResult.Command);
        try
        {
            return await command.RunAsync(parsed, context);
        }
        catch (Exception e) when (e is UsageException or BadInputException)
        {
            error.WriteLine($"clln: error: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (Clln.Core.Formats.AtomicFile.IsPathFailure(e))
        {
            // A path the file system refused, somewhere no reader or writer named it: the system's
            // message names the path; still one line and bad input, as every other refused path.
            error.WriteLine($"clln: error: {RunFailedException.OneLine(e)}");
            return ExitCodes.BadInput;
        }
        catch (Clln.Actors.RelaxationException e)
        {
            error.WriteLine($"clln: error: no equilibrium: {e.Message}");
            return ExitCodes.Failure;
        }
        catch (RunFailedException e)
        {
            error.WriteLine($"clln: error: {e.Message}");
            return ExitCodes.Failure;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            error.WriteLine("clln: interrupted");
            return ExitCodes.Interrupted;
        }
        catch (Exception e)
        {
            // A fault of clln itself or of what it runs on: one line for the user, the stack trace only with --verbose.
            Log.Debug(e, "Unexpected failure");
            error.WriteLine($"clln: error: {e.GetType().Name}: {RunFailedException.OneLine(e)}");
            return ExitCodes.Failure;
        }
    }

    /// <summary>
    /// Structured logs (the actors' phase and convergence events arrive through Akka's Serilog
    /// logger) go to standard error: warnings only, or debug events with --verbose. Results stay
    /// on standard output.
    /// </summary>
    private static void ConfigureLogging(bool verbose)
    {
        var configuration = new LoggerConfiguration().MinimumLevel.Is(verbose ? LogEventLevel.Debug : LogEventLevel.Warning);
        // A peer that leaves (a training's coordinator at its end, a member stopped) is logged by
        // Akka's remoting as a failed association, at error level: news, not a fault, unless verbose.
        if (!verbose) configuration = configuration.Filter.ByExcluding(IsPeerDeparture);
        // Without --verbose every event is one line: Akka writes a peer's departure as a warning
        // whose message holds the exception's stack trace, and no stack trace reaches a user.
        Log.Logger = (verbose
            ? configuration.WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}", standardErrorFromLevel: LogEventLevel.Verbose)
            : configuration.WriteTo.Sink(new Output.OneLineLogSink(Console.Error))).CreateLogger();
    }

    /// <summary>Akka's remoting logs a peer's departure with its (internal) EndpointDisassociatedException.</summary>
    private static bool IsPeerDeparture(LogEvent e)
    {
        const string departure = "EndpointDisassociatedException";
        return e.Exception?.GetType().Name == departure || e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture).Contains(departure, StringComparison.Ordinal);
    }
}
