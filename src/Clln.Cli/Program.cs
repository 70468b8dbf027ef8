using Clln.Cli;

// Ctrl-C asks the run to stop cleanly (finished results are kept); a second Ctrl-C kills it.
using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (interrupt.IsCancellationRequested) return;
    e.Cancel = true;
    interrupt.Cancel();
};
return await CllnApp.RunAsync(args, Console.Out, Console.Error, interrupt.Token, interactive: !Console.IsErrorRedirected);
