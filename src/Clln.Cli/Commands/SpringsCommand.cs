using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Clln.Cli.CommandLine;
using Clln.Cli.Reporting;
using Clln.Core.Formats;
using Clln.Core.Mechanics;
using Clln.Core.Model;

namespace Clln.Cli.Commands;

/// <summary>
/// `clln springs FILE [--move NODE=DX,DY]...`: the mechanical equilibrium of an elastic network
/// file (docs/formats.md, "Elastic network files"), its held nodes displaced as given, by the
/// reference engine (Newton on the whole network): every node's position and every spring's
/// length and tension.
/// </summary>
public sealed class SpringsCommand : ICommand
{
    private readonly Argument<string> _file = new("FILE") { Description = "an elastic network: the project's clln-springs JSON format" };

    private readonly Option<string[]> _move = new("--move")
    {
        HelpName = "NODE=DX,DY",
        Description = "displace a held node by DX, DY metres (an input); repeat for several",
        Arity = ArgumentArity.ZeroOrMore,
    };

    private readonly Option<string?> _format = Options.Choice("--format",
        "table: aligned columns with units, for people (default); json: one JSON object {\"nodes\": {name: [x, y]}, \"springs\": [{name, from, to, length, tension}], \"energy\": joules}",
        "table", "json");

    private readonly Option<string?> _plot = Options.Text("--plot", "FILE.png", "also draw the network at equilibrium: springs coloured by tension, the rest positions beneath");

    public SpringsCommand() => Definition = new Command("springs", "the mechanical equilibrium of an elastic network file (clln-springs), held nodes displaced by --move")
    {
        _file, _move, _format, _plot,
    };

    public Command Definition { get; }

    public Task<int> RunAsync(ParseResult parsed, CliContext context)
    {
        var network = SpringJson.ReadFile(parsed.GetValue(_file)!);
        var held = network.RestPositions();
        foreach (var move in parsed.GetValue(_move) ?? [])
        {
            var (node, dx, dy) = ParseMove(move, network);
            held[2 * node] += dx;
            held[2 * node + 1] += dy;
        }
        var state = SpringSolver.Solve(network, held);
        if (parsed.GetValue(_plot) is { } picture) SpringPlots.Equilibrium(network, state, picture); // before any output: a bad path leaves nothing printed
        if (parsed.GetValue(_format) == "json") context.Out.WriteLine(Json(network, state));
        else WriteTable(network, state, context.Out);
        return Task.FromResult(ExitCodes.Success);
    }

    /// <summary>NODE=DX,DY: a held node of the network and a finite displacement, or one line saying what is wrong.</summary>
    private static (int Node, double Dx, double Dy) ParseMove(string move, SpringNetwork network)
    {
        var parts = move.Split('=', 2);
        var numbers = parts.Length == 2 ? parts[1].Split(',') : [];
        if (numbers.Length != 2 || !TryFinite(numbers[0], out var dx) || !TryFinite(numbers[1], out var dy))
            throw new UsageException($"--move {move}: expected NODE=DX,DY with two finite numbers of metres (e.g. n0_0=0.1,0)");
        var node = network.Nodes.Select((n, i) => (n, i)).FirstOrDefault(p => p.n.Name == parts[0]);
        if (node.n is null) throw new BadInputException($"--move {move}: unknown node '{parts[0]}'");
        if (!node.n.Held) throw new BadInputException($"--move {move}: node '{parts[0]}' is free; only a held node is moved (an imposed displacement)");
        return (node.i, dx, dy);
    }

    private static bool TryFinite(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private static string Json(SpringNetwork network, SpringEquilibrium state) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["nodes"] = network.Nodes.Select((n, i) => (n.Name, i)).ToDictionary(p => p.Name, p => new[] { state.Positions[2 * p.i], state.Positions[2 * p.i + 1] }),
        ["springs"] = network.Springs.Select(s => new Dictionary<string, object>
        {
            ["name"] = s.Name, ["from"] = network.Nodes[s.A].Name, ["to"] = network.Nodes[s.B].Name,
            ["length"] = state.Length(s), ["tension"] = s.Stiffness * (state.Length(s) - s.RestLength),
        }).ToArray(),
        ["energy"] = state.Energy,
    });

    private static void WriteTable(SpringNetwork network, SpringEquilibrium state, TextWriter output)
    {
        string F(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
        output.WriteLine($"{"node",-12} {"held",-5} {"x (m)",12} {"y (m)",12} {"moved (m)",12}");
        for (var i = 0; i < network.Nodes.Count; i++)
        {
            var n = network.Nodes[i];
            var (x, y) = (state.Positions[2 * i], state.Positions[2 * i + 1]);
            output.WriteLine($"{n.Name,-12} {(n.Held ? "yes" : "no"),-5} {F(x),12} {F(y),12} {F(Math.Sqrt((x - n.X) * (x - n.X) + (y - n.Y) * (y - n.Y))),12}");
        }
        output.WriteLine();
        output.WriteLine($"{"spring",-12} {"from",-10} {"to",-10} {"length (m)",12} {"extension (m)",14} {"tension (N)",12}");
        foreach (var s in network.Springs)
        {
            var length = state.Length(s);
            output.WriteLine($"{s.Name,-12} {network.Nodes[s.A].Name,-10} {network.Nodes[s.B].Name,-10} {F(length),12} {F(length - s.RestLength),14} {F(s.Stiffness * (length - s.RestLength)),12}");
        }
        output.WriteLine();
        output.WriteLine($"Elastic energy stored: {F(state.Energy)} J");
    }
}
