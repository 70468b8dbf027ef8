using System.CommandLine;
using Clln.Core.Formats;

namespace Clln.Cli.Commands;

/// <summary>`clln export IN OUT`: converts a network between the JSON format and a SPICE netlist.</summary>
public sealed class ExportCommand : ICommand
{
    private readonly Argument<string> _input = new("IN") { Description = "a network file (.json or SPICE netlist)" };

    private readonly Argument<string> _output = new("OUT")
    {
        Description = "where to write it: .json for the project's format, any other extension for a SPICE netlist that ngspice runs unchanged; written atomically, never half a file",
    };

    public ExportCommand() => Definition = new Command("export", "convert a network file between JSON and a SPICE netlist") { _input, _output };

    public Command Definition { get; }

    public Task<int> RunAsync(ParseResult parsed, CliContext context)
    {
        var network = NetworkFile.Load(parsed.GetValue(_input)!, context.Warn);
        var output = parsed.GetValue(_output)!;
        AtomicFile.WriteAllText(output, NetworkFile.Format(network, output));
        context.Error.WriteLine($"clln: wrote {output} ({network.NodeCount} nodes, {network.EdgeCount} edges)");
        return Task.FromResult(ExitCodes.Success);
    }
}
