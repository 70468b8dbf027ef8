using System.CommandLine;
using Clln.Cli.CommandLine;
using Clln.Cli.Training;
using Clln.Cli.View;

namespace Clln.Cli.Commands;

/// <summary>
/// `clln view RUN_DIR`: serves the live view of a run, finished or still training, from its
/// folder (see <see cref="ViewServer"/>) until Ctrl-C. The page follows the run as it writes
/// epochs, and replays a finished one epoch by epoch.
/// </summary>
public sealed class ViewCommand : ICommand
{
    private readonly Argument<string> _run = new("RUN_DIR") { Description = "a training run's folder, finished or still running, e.g. runs/latest" };

    public ViewCommand() => Definition = new Command("view", "serve a live view of a run in the browser: the network, its voltages, loss and accuracy curves, message rates")
    {
        _run, Port, Bind,
    };

    public Command Definition { get; }

    /// <summary>--port: where to listen (0, the default: a free port, printed at start).</summary>
    internal static Option<int?> Port { get; } = Options.Integer("--port", "PORT", "the port to serve on (default 0: a free port, printed at start)", p => p is >= 0 and <= 65535, "0 to 65535");

    /// <summary>--bind: the address to listen on (default 127.0.0.1; another one warns that the page has no authentication).</summary>
    internal static Option<string?> Bind { get; } = Options.Text("--bind", "ADDRESS",
        "the address to listen on (default 127.0.0.1, this machine only; 0.0.0.0 serves every network the machine is on, without authentication)");

    public async Task<int> RunAsync(ParseResult parsed, CliContext context)
    {
        var folder = OutputFolder.Follow(parsed.GetValue(_run)!);
        RunSnapshot.EnsureRun(folder);
        var address = ViewServer.Bind(parsed.GetValue(Bind), context.Warn);
        await using var server = await ViewServer.StartAsync(folder, address, parsed.GetValue(Port) ?? 0, context.Cancellation);
        context.Error.WriteLine($"clln: viewing {folder} at {server.Url} (Ctrl-C to stop)");
        context.Out.WriteLine(server.Url);
        try
        {
            await Task.Delay(Timeout.Infinite, context.Cancellation);
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C: stop serving
        }
        return ExitCodes.Success;
    }
}
