using System.CommandLine;
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
    private readonly Argument<string> _file = new("FILE") { Description = "a network: the project's JSON format (.json) or a SPICE netlist (any other extension)" };

    private readonly Option<string?> _format = Options.Choice("--format",
        "table: aligned tables with units, for people (default); json: one JSON object {\"nodes\": {name: volts}, \"edges\": [{name, from, to, current}], \"power\": watts}",
        "table", "json");

    private readonly Option<string?> _engine = Options.Choice("--engine",
        "reference: a sparse direct solve (default); actors: one actor per node and per edge, relaxing by messages, adding \"stats\" to the JSON " +
        "(messages, sweeps_or_rounds, wall_ms, error_bound_v: the certified distance in volts to the exact equilibrium, and certified: false when noise kept that above the tolerance)",
        "reference", "actors");

    // Actor options: their names are those of the experiment fields (clln train) for the same ideas.
    private readonly ActorOptionSet _actor = new("volts", "1e-6", "volts");
    private readonly Option<bool> _verbose = Options.Verbose();
    private readonly Option<bool> _quiet = Options.Quiet();

    // The names solve had before it took the experiment fields' names, accepted for one release.
    private readonly Option<double?> _drop = RenamedOptions.Old(Options.Number("--drop", "P", "", p => p is >= 0 and < 1, "in [0, 1)"));
    private readonly Option<double?> _noise = RenamedOptions.Old(Options.Number("--noise", "SIGMA", ""));
    private readonly Option<string?> _delay = RenamedOptions.Old(Options.Text("--delay", "SPEC", ""));
    private readonly Option<bool> _reorder = RenamedOptions.Old(Options.Switch("--reorder", ""));

    /// <summary>Each old name, and what to write instead.</summary>
    private static readonly Dictionary<string, string> Renamed = new()
    {
        ["--drop"] = "--message-loss",
        ["--noise"] = "--link-noise",
        ["--delay"] = "--link-delay",
        ["--reorder"] = "--link-order reorder",
    };

    public SolveCommand()
    {
        Definition = new Command("solve", "the equilibrium of a network file (.json or SPICE netlist)")
        {
            _file, _format, _engine,
        };
        foreach (var option in _actor.All.Append(_verbose).Append(_quiet).Concat([_drop, _noise, _delay, _reorder])) Definition.Options.Add(option);
    }

    public Command Definition { get; }

    public async Task<int> RunAsync(ParseResult parsed, CliContext context)
    {
        context = context with { Quiet = parsed.GetValue(_quiet) };
        var format = parsed.GetValue(_format) ?? "table";
        var engine = parsed.GetValue(_engine) ?? "reference";
        _actor.RefuseUnless(engine == "actors", parsed, "solve", _verbose, _drop, _noise, _delay, _reorder);
        var options = engine == "actors" ? ReadOptions(parsed) : null;
        RenamedOptions.WarnOfOldNames(parsed, Renamed, context);
        var network = NetworkFile.Load(parsed.GetValue(_file)!, context.Warn);

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
            throw new BadInputException($"{parsed.GetValue(_file)}: the equilibrium is not a number ({bad}): the network's values are beyond what double arithmetic resolves");
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
        if (context.Quiet) return;
        var clock = Stopwatch.StartNew();
        var next = TimeSpan.FromSeconds(2);
        var shown = false;
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromTicks(Math.Max(0, (next - clock.Elapsed).Ticks)), done);
                // Rounded: a timer may fire a hair before the stopwatch reaches the second it waited for.
                var line = $"clln: relaxing, {(int)Math.Round(clock.Elapsed.TotalSeconds)} s";
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

    private ActorEngineOptions ReadOptions(ParseResult parsed)
    {
        if (parsed.GetValue(_reorder) && parsed.GetValue(_actor.LinkOrder) is not null)
            throw new UsageException("solve: --reorder is the old form of --link-order reorder; give --link-order alone");
        var defaults = new ActorEngineOptions
        {
            Reorder = parsed.GetValue(_reorder),
            Drop = RenamedOptions.Either(parsed, _actor.MessageLoss, _drop, "solve") ?? 0.0,
            Noise = RenamedOptions.Either(parsed, _actor.LinkNoise, _noise, "solve") ?? 0.0,
            Verbose = parsed.GetValue(_verbose),
        };
        var delay = RenamedOptions.Either(parsed, _actor.LinkDelay, _delay, "solve");
        return _actor.Read(parsed, "solve", defaults, delay, RenamedOptions.Written(parsed, _actor.LinkDelay) ?? RenamedOptions.Written(parsed, _delay));
    }
}
