using Clln.Cli.CommandLine;
using Clln.Cli.Output;
using Clln.Core.Solving;

namespace Clln.Cli.Commands;

/// <summary>`clln solve FILE`: the Kirchhoff equilibrium of a network file.</summary>
public sealed class SolveCommand : ICommand
{
    public string Name => "solve";

    public string Summary => "the equilibrium of a network file (.json or SPICE netlist)";

    public string Usage => """
        clln solve FILE [--format table|json]

          FILE              a network: the project's JSON format (.json) or a SPICE netlist (any other extension)
          --format table    aligned tables with units, for people (default)
          --format json     one JSON object: {"nodes": {name: volts}, "edges": [{name, from, to, current}], "power": watts}
        """;

    public Task<int> RunAsync(string[] args, CliContext context)
    {
        var parsed = ParsedArguments.Parse(Name, args, options: ["format"], switches: []);
        parsed.ExpectPositionals("FILE");
        var format = parsed.Choice("format", "table", "json") ?? "table";
        var network = NetworkFiles.Load(parsed.Positionals[0], context.Warn);
        var equilibrium = ReferenceSolver.Solve(network);
        if (format == "json") context.Out.Write(EquilibriumReport.Json(network, equilibrium));
        else EquilibriumReport.Table(context.Console, network, equilibrium);
        return Task.FromResult(ExitCodes.Success);
    }
}
