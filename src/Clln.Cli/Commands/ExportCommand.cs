using Clln.Cli.CommandLine;
using Clln.Core.Formats;

namespace Clln.Cli.Commands;

/// <summary>`clln export IN OUT`: converts a network between the JSON format and a SPICE netlist.</summary>
public sealed class ExportCommand : ICommand
{
    public string Name => "export";

    public string Summary => "convert a network file between JSON and a SPICE netlist";

    public string Usage => """
        clln export IN OUT

          IN    a network file (.json or SPICE netlist)
          OUT   where to write it: .json for the project's format, any other extension for a SPICE
                netlist that ngspice runs unchanged. Written atomically: never half a file.
        """;

    public Task<int> RunAsync(string[] args, CliContext context)
    {
        var parsed = ParsedArguments.Parse(Name, args, options: [], switches: []);
        parsed.ExpectPositionals("IN", "OUT");
        var network = NetworkFile.Load(parsed.Positionals[0], context.Warn);
        var output = parsed.Positionals[1];
        AtomicFile.WriteAllText(output, NetworkFile.Format(network, output));
        context.Error.WriteLine($"clln: wrote {output} ({network.NodeCount} nodes, {network.EdgeCount} edges)");
        return Task.FromResult(ExitCodes.Success);
    }
}
