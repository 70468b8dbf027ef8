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
    public static IReadOnlyList<ICommand> Commands { get; } = [new TrainCommand(), new SweepCommand(), new SolveCommand(), new ExportCommand(), new NodeCommand()];

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellation = default, bool interactive = false)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        var context = new CliContext(output, error, console, cancellation, interactive);
        // clln --version (the tool's install check); the System.CommandLine parser takes this over when it lands.
        if (args is ["--version"]) { output.WriteLine(BuildInfo.Text); return ExitCodes.Success; }
        if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
        {
            output.Write(Help());
            return args.Length == 0 ? ExitCodes.BadInput : ExitCodes.Success;
        }
        ConfigureLogging(verbose: args.Contains("--verbose"));
        var command = Commands.FirstOrDefault(c => c.Name == args[0]);
        if (command is null)
        {
            error.WriteLine($"clln: error: unknown command '{args[0]}' (commands: {string.Join(", ", Commands.Select(c => c.Name))}; see clln --help)");
            return ExitCodes.BadInput;
        }
        var rest = args[1..];
        if (rest is ["--help"] or ["-h"])
        {
            output.Write(command.Usage.TrimEnd() + "\n");
            return ExitCodes.Success;
        }
        try
        {
            return await command.RunAsync(rest, context);
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

    private static string Help() =>
        "clln: emulate contrastive local learning networks (self-learning electrical networks)\n\n" +
        "usage: clln COMMAND [options]   (clln COMMAND --help for its options)\n\n" +
        string.Concat(Commands.Select(c => $"  {c.Name,-10} {c.Summary}\n"));
}
