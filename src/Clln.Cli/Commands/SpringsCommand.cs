using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Clln.Actors;
using Clln.Actors.Mechanics;
using Clln.Cli.CommandLine;
using Clln.Cli.Reporting;
using Clln.Core.Formats;
using Clln.Core.Mechanics;
using Clln.Core.Model;

namespace Clln.Cli.Commands;

/// <summary>
/// `clln springs FILE [--move NODE=DX,DY]... [--engine actors]`: the mechanical equilibrium of an
/// elastic network file (docs/formats.md, "Elastic network files"), its held nodes displaced as
/// given, by the reference engine (Newton on the whole network) or the actors (a node actor
/// balancing the forces its spring actors report): every node's position and every spring's
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

    private readonly Option<string?> _engine = Options.Choice("--engine",
        "reference: Newton on the whole network (default); actors: one actor per node and per spring, relaxing by messages, adding \"stats\" to the JSON " +
        "(messages, sweeps_or_rounds, wall_ms, distance_m: the distance to the exact equilibrium at the worst node, to first order, and certified: false when noise kept that above the tolerance)",
        "reference", "actors");

    private readonly ActorOptionSet _actor = new("metres", "1e-9 of the network's size", "metres of every position a spring reads");

    public SpringsCommand()
    {
        Definition = new Command("springs", "the mechanical equilibrium of an elastic network file (clln-springs), held nodes displaced by --move")
        {
            _file, _move, _format, _plot, _engine,
        };
        foreach (var option in _actor.All) Definition.Options.Add(option);
    }

    public Command Definition { get; }

    public async Task<int> RunAsync(ParseResult parsed, CliContext context)
    {
        var actors = parsed.GetValue(_engine) == "actors";
        _actor.RefuseUnless(actors, parsed, "springs");
        var network = SpringJson.ReadFile(parsed.GetValue(_file)!);
        var held = network.RestPositions();
        foreach (var move in parsed.GetValue(_move) ?? [])
        {
            var (node, dx, dy) = SpringArguments.Displacement("--move", move, network, held: true);
            held[2 * node] += dx;
            held[2 * node + 1] += dy;
        }
        SpringEquilibrium state;
        SpringRelaxationStats? stats = null;
        if (!actors) state = SpringSolver.Solve(network, held);
        else
        {
            var options = _actor.Read(parsed, "springs", new ActorEngineOptions { Tolerance = 1e-9 * network.Size });
            await using var engine = SpringActorEngine.Start(network, options);
            var settled = await engine.RelaxAsync(new SpringPhase(held), context.Cancellation);
            (state, stats) = (SpringEquilibrium.At(network, settled.Free), settled.Stats);
            if (!stats.Certified)
                context.Warn($"the actors settled only to {stats.Distance:G3} m of the exact equilibrium (noise floor), not to the tolerance {options.Tolerance:G3} m");
        }
        if (parsed.GetValue(_plot) is { } picture) SpringPlots.Equilibrium(network, state, picture); // before any output: a bad path leaves nothing printed
        if (parsed.GetValue(_format) == "json") context.Out.WriteLine(Json(network, state, stats));
        else WriteTable(network, state, stats, context.Out);
        return ExitCodes.Success;
    }

    private static string Json(SpringNetwork network, SpringEquilibrium state, SpringRelaxationStats? stats)
    {
        var json = new Dictionary<string, object>
        {
        ["nodes"] = network.Nodes.Select((n, i) => (n.Name, i)).ToDictionary(p => p.Name, p => new[] { state.Positions[2 * p.i], state.Positions[2 * p.i + 1] }),
        ["springs"] = network.Springs.Select(s => new Dictionary<string, object>
        {
            ["name"] = s.Name, ["from"] = network.Nodes[s.A].Name, ["to"] = network.Nodes[s.B].Name,
            ["length"] = state.Length(s), ["tension"] = s.Stiffness * (state.Length(s) - s.RestLength),
        }).ToArray(),
        ["energy"] = state.Energy,
        };
        if (stats is not null)
            json["stats"] = new Dictionary<string, object>
            {
                ["messages"] = stats.Messages, ["sweeps_or_rounds"] = stats.SweepsOrRounds, ["wall_ms"] = stats.WallMs, ["distance_m"] = stats.Distance, ["certified"] = stats.Certified,
            };
        return JsonSerializer.Serialize(json);
    }

    private static void WriteTable(SpringNetwork network, SpringEquilibrium state, SpringRelaxationStats? stats, TextWriter output)
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
        if (stats is not null)
            output.WriteLine($"Actors: {stats.Messages} messages, {stats.SweepsOrRounds} sweeps or rounds, {F(stats.WallMs)} ms, within {F(stats.Distance)} m of the exact equilibrium at every node");
    }
}
