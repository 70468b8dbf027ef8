using Clln.Actors;
using Clln.Actors.Faults;
using Clln.Cli.CommandLine;
using Clln.Core.Formats;
using Clln.Cli.Output;
using Clln.Core.Model;
using Clln.Core.Solving;

namespace Clln.Cli.Commands;

/// <summary>`clln solve FILE`: the Kirchhoff equilibrium of a network file, by the reference solver or by the actors.</summary>
public sealed class SolveCommand : ICommand
{
    public string Name => "solve";

    public string Summary => "the equilibrium of a network file (.json or SPICE netlist)";

    public string Usage => """
        clln solve FILE [--format table|json] [--engine reference|actors] [actor options]

          FILE                a network: the project's JSON format (.json) or a SPICE netlist (any other extension)
          --format table      aligned tables with units, for people (default)
          --format json       one JSON object: {"nodes": {name: volts}, "edges": [{name, from, to, current}], "power": watts}
          --engine reference  a sparse direct solve (default)
          --engine actors     one actor per node and per edge, relaxing by messages; adds "stats" to the JSON

        Actor options (all random choices from --seed):
          --schedule clocked|async   barrier per sweep (repeatable) or free-running (default clocked)
          --tolerance V              certified distance to the exact equilibrium at every node (default 1e-6)
          --omega W                  over-relaxation in (0, 2); above 1 safe only when clocked (default 1)
          --delay SPEC               per-message link delay: fixed:2ms, uniform:0-5ms or exp:1ms
          --reorder                  links do not keep order (each message's delay drawn on its own)
          --drop P                   probability a message is lost, in [0, 1)
          --noise SIGMA              Gaussian measurement noise, volts
          --seed S                   the seed of every random choice (default 1)
          --verbose                  structured log events of phases and convergence on standard error
        """;

    private static readonly string[] ActorOptions = ["schedule", "tolerance", "omega", "delay", "drop", "noise", "seed"];
    private static readonly string[] ActorSwitches = ["reorder", "verbose"];

    public async Task<int> RunAsync(string[] args, CliContext context)
    {
        var parsed = ParsedArguments.Parse(Name, args, options: ["format", "engine", .. ActorOptions], switches: ActorSwitches);
        parsed.ExpectPositionals("FILE");
        var format = parsed.Choice("format", "table", "json") ?? "table";
        var engine = parsed.Choice("engine", "reference", "actors") ?? "reference";
        if (engine == "reference" && ActorOptions.Concat(ActorSwitches).FirstOrDefault(parsed.Has) is { } stray)
            throw new UsageException($"solve: --{stray} is an option of the actor engine; add --engine actors");
        var options = engine == "actors" ? ReadOptions(parsed) : null;
        var network = NetworkFile.Load(parsed.Positionals[0], context.Warn);

        Equilibrium equilibrium;
        Dictionary<string, double>? stats = null;
        if (options is null)
            equilibrium = ReferenceSolver.Solve(network);
        else
        {
            var solution = await ActorRelaxation.SolveAsync(network, options, context.Cancellation);
            equilibrium = solution.Equilibrium;
            stats = new Dictionary<string, double>
            {
                ["messages"] = solution.Stats.Messages,
                ["sweeps_or_rounds"] = solution.Stats.SweepsOrRounds,
                ["wall_ms"] = solution.Stats.WallMs,
                ["error_bound_v"] = solution.Stats.ErrorBound,
            };
            if (!solution.Stats.Certified)
                context.Warn($"the actors settled only to {solution.Stats.ErrorBound:G3} V of the exact equilibrium (noise floor), not to the tolerance {options.Tolerance:G3} V");
        }
        if (format == "json") context.Out.Write(EquilibriumReport.Json(network, equilibrium, stats));
        else EquilibriumReport.Table(context.Console, network, equilibrium, stats);
        return ExitCodes.Success;
    }

    private static ActorEngineOptions ReadOptions(ParsedArguments parsed)
    {
        DelaySpec? delay = null;
        if (parsed.Value("delay") is { } spec)
        {
            try { delay = DelaySpec.Parse(spec); }
            catch (FormatException e) { throw new UsageException($"solve: option --delay: {e.Message}"); }
        }
        var options = new ActorEngineOptions
        {
            Schedule = parsed.Choice("schedule", "clocked", "async") == "async" ? Schedule.Async : Schedule.Clocked,
            Tolerance = parsed.Double("tolerance") ?? 1e-6,
            Omega = parsed.Double("omega") ?? 1.0,
            Delay = delay,
            Reorder = parsed.Switch("reorder"),
            Drop = parsed.Double("drop") ?? 0.0,
            Noise = parsed.Double("noise") ?? 0.0,
            Seed = parsed.Int("seed") ?? 1,
            Verbose = parsed.Switch("verbose"),
        };
        try
        {
            return options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"solve: {e.Message.Split(" (Parameter")[0]}");
        }
    }
}
