using System.Diagnostics;
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
          --engine actors     one actor per node and per edge, relaxing by messages; adds "stats" to the JSON:
                              messages, sweeps_or_rounds, wall_ms, error_bound_v (volts: the certified distance
                              to the exact equilibrium) and certified (false when noise kept that above the tolerance)

        Actor options (all random choices from --seed):
          --schedule clocked|async   barrier per sweep (repeatable) or free-running (default clocked)
          --tolerance V              certified distance to the exact equilibrium at every node (default 1e-6)
          --omega W                  over-relaxation in (0, 2); above 1 safe only when clocked (default 1)
          --delay SPEC               per-message link delay: fixed:2ms, uniform:0-5ms or exp:1ms
          --reorder                  links do not keep order (each message's delay drawn on its own)
          --drop P                   probability a transmission is lost, in [0, 1) (the link resends it)
          --noise SIGMA              Gaussian measurement noise, volts
          --seed S                   the seed of every random choice (default 1)
          --time-limit S             stop a relaxation still running after S seconds, with exit code 1 (default 1800)
          --verbose                  structured log events of phases and convergence on standard error
        """;

    private static readonly string[] ActorOptions = ["schedule", "tolerance", "omega", "delay", "drop", "noise", "seed", "time-limit"];
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
        Dictionary<string, object>? stats = null;
        if (options is null)
            equilibrium = ReferenceSolver.Solve(network);
        else
        {
            var solution = await RelaxAsync(network, options, context);
            equilibrium = solution.Equilibrium;
            stats = new Dictionary<string, object>
            {
                ["messages"] = solution.Stats.Messages,
                ["sweeps_or_rounds"] = solution.Stats.SweepsOrRounds,
                ["wall_ms"] = solution.Stats.WallMs,
                ["error_bound_v"] = solution.Stats.ErrorBound,
                ["certified"] = solution.Stats.Certified,
            };
            if (!solution.Stats.Certified)
                context.Warn($"the actors settled only to {solution.Stats.ErrorBound:G3} V of the exact equilibrium (noise floor), not to the tolerance {options.Tolerance:G3} V");
        }
        // Refused, never printed: the file's values passed the read's bounds, yet the sum of them did not.
        if (EquilibriumReport.NonFinite(network, equilibrium) is { } bad)
            throw new BadInputException($"{parsed.Positionals[0]}: the equilibrium is not a number ({bad}): the network's values are beyond what double arithmetic resolves");
        if (format == "json") context.Out.Write(EquilibriumReport.Json(network, equilibrium, stats));
        else EquilibriumReport.Table(context.Console, network, equilibrium, stats);
        return ExitCodes.Success;
    }

    /// <summary>The actors' equilibrium; one that outlasts the time limit (the engine's timeout) is stopped there, and said so.</summary>
    private static async Task<ActorSolution> RelaxAsync(Network network, ActorEngineOptions options, CliContext context)
    {
        using var relaxed = new CancellationTokenSource();
        var progress = ShowProgressAsync(context, relaxed.Token);
        try
        {
            await using var engine = ActorEngine.Start(network, options);
            var clock = Stopwatch.StartNew();
            try
            {
                var settled = await engine.RelaxAsync(null, context.Cancellation);
                return new ActorSolution(settled.Free, settled.Stats);
            }
            catch (RelaxationException) when (clock.Elapsed >= options.Timeout)
            {
                throw new RelaxationException($"stopped at the time limit of {options.Timeout.TotalSeconds:G6} s (--time-limit), before the equilibrium was certified");
            }
        }
        finally
        {
            await relaxed.CancelAsync();
            await progress;
        }
    }

    /// <summary>
    /// A relaxation that takes a while shows it is running, on standard error (standard output
    /// holds the result alone): from 2 s on, on a terminal a line rewritten every second, on a
    /// log a line at 2, 4, 8, ... s.
    /// </summary>
    private static async Task ShowProgressAsync(CliContext context, CancellationToken done)
    {
        var clock = Stopwatch.StartNew();
        var next = TimeSpan.FromSeconds(2);
        var shown = false;
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromTicks(Math.Max(0, (next - clock.Elapsed).Ticks)), done);
                var line = $"clln: relaxing, {(int)clock.Elapsed.TotalSeconds} s";
                if (context.Interactive) context.Error.Write($"\r{line}");
                else context.Error.WriteLine(line);
                shown = true;
                next = context.Interactive ? next + TimeSpan.FromSeconds(1) : next * 2;
            }
        }
        catch (OperationCanceledException)
        {
            if (shown && context.Interactive) context.Error.Write("\r\x1b[K"); // the progress line goes with the relaxation
        }
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
        if (parsed.Double("time-limit") is { } limit)
            options = options with { Timeout = limit > 0 ? TimeSpan.FromSeconds(limit) : throw new UsageException($"solve: option --time-limit must be a positive number of seconds, not {limit}") };
        try
        {
            return options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"solve: {RunFailedException.OneLine(e)}");
        }
    }
}
