using System.Runtime.InteropServices;
using Clln.Cli;
using Clln.Cli.Commands;

// Ctrl-C, or SIGTERM (`timeout`, `docker stop`), asks the run to stop cleanly (finished results
// are kept); a second one kills it. The token source is never disposed: a signal may still be
// handled on another thread while the program returns.
var interrupt = new CancellationTokenSource();
var terminated = false;
Console.CancelKeyPress += (_, e) =>
{
    if (interrupt.IsCancellationRequested) return;
    e.Cancel = true;
    interrupt.Cancel();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
{
    if (interrupt.IsCancellationRequested) return;
    signal.Cancel = true;
    terminated = true;
    interrupt.Cancel();
});
var code = await CllnApp.RunAsync(args, Console.Out, Console.Error, interrupt.Token, interactive: !Console.IsErrorRedirected);
return code == ExitCodes.Interrupted && terminated ? ExitCodes.Terminated : code;
