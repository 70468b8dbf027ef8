using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Clln.Actors;
using Clln.Actors.Mechanics;
using Clln.Cli.CommandLine;
using Clln.Cli.Reporting;
using Clln.Cli.Training;
using Clln.Core.Formats;
using Clln.Core.Mechanics;
using Clln.Core.Model;
using ScottPlot;

namespace Clln.Cli.Commands;

/// <summary>
/// `clln springs-train FILE --move IN=DX,DY --target OUT=DX,DY --learn stiffness|rest-length`:
/// coupled learning of an elastic network on an allosteric displacement task (held input nodes
/// displaced, a free output node's displacement to reach a target), on the reference engine or the
/// actors. Writes the cost at every step, a summary, the trained network as a clln-springs file
/// and two pictures, each file whole or not at all.
/// </summary>
public sealed class SpringsTrainCommand : ICommand
{
    private readonly Argument<string> _file = new("FILE") { Description = "an elastic network: the project's clln-springs JSON format" };

    private readonly Option<string[]> _move = new("--move")
    {
        HelpName = "NODE=DX,DY",
        Description = "the input: displace a held node by DX, DY metres; repeat for several (at least one)",
        Arity = ArgumentArity.OneOrMore,
        Required = true,
    };

    private readonly Option<string> _target = new("--target")
    {
        HelpName = "NODE=DX,DY",
        Description = "the output: the displacement a free node should make, in metres",
        Required = true,
    };

    private readonly Option<string?> _learn = Options.Choice("--learn", "stiffness: coil thickness sets k (default); rest-length: a turnbuckle sets l", "stiffness", "rest-length");
    private readonly Option<int?> _steps = Options.Integer("--steps", "N", "training steps, each a free and a clamped equilibrium and every spring's update (default 200)", n => n is > 0 and <= 1_000_000, "1 to 1,000,000");
    private readonly Option<double?> _alpha = Options.Number("--alpha", "A", "learning rate (default 300 for stiffness, 0.05 for rest length: networks of about unit size and stiffness)", a => a > 0, "a positive number");
    private readonly Option<double?> _eta = Options.Number("--eta", "E", "nudge: the clamped output sits this fraction of the way to its target (default 0.5)", e => e is > 0 and <= 1, "in (0, 1]");
    private readonly Option<string?> _range = Options.Text("--range", "MIN,MAX", "clip the learned values to [MIN, MAX] (default 1/100 to 100 times the file's stiffnesses, 1/2 to 2 times its rest lengths)");
    private readonly Option<string?> _output = Options.Text("--output", "DIR", "where to write (default runs/springs-TIMESTAMP)");
    private readonly Option<bool> _force = Options.Force();
    private readonly Option<string?> _engine = Options.Choice("--engine", "reference: Newton on the whole network (default); actors: one actor per node and per spring, each spring learning from its own two lengths", "reference", "actors");
    private readonly Option<bool> _quiet = Options.Quiet();
    private readonly ActorOptionSet _actor = new("metres", "1e-9 of the network's size", "metres of every position a spring reads");

    public SpringsTrainCommand()
    {
        Definition = new Command("springs-train", "coupled learning of an elastic network file on a displacement task: --move inputs, --target output")
        {
            _file, _move, _target, _learn, _steps, _alpha, _eta, _range, _output, _force, _engine, _quiet,
        };
        foreach (var option in _actor.All) Definition.Options.Add(option);
    }

    public Command Definition { get; }

    public async Task<int> RunAsync(ParseResult parsed, CliContext context)
    {
        context = context with { Quiet = parsed.GetValue(_quiet) };
        var actors = parsed.GetValue(_engine) == "actors";
        _actor.RefuseUnless(actors, parsed, "springs-train");
        var path = parsed.GetValue(_file)!;
        var network = SpringJson.ReadFile(path);
        var task = Task(parsed, network);
        var rule = Rule(parsed, network);
        var steps = parsed.GetValue(_steps) ?? 200;
        var options = actors ? _actor.Read(parsed, "springs-train", new ActorEngineOptions { Tolerance = 1e-9 * network.Size }) : null;
        var folder = parsed.GetValue(_output);
        if (folder is not null) OutputFolder.CheckNamed(folder, parsed.GetValue(_force), "replace its files");

        var clock = Stopwatch.StartNew();
        var costs = new List<double>();
        var trained = network;
        if (options is null)
            for (var step = 0; step < steps; step++)
            {
                context.Cancellation.ThrowIfCancellationRequested();
                (trained, var cost) = SpringTrainer.Step(trained, task, rule);
                costs.Add(cost);
                Progress(context, clock, step, steps);
            }
        else
        {
            await using var engine = SpringActorEngine.Start(network, options);
            for (var step = 0; step < steps; step++)
            {
                costs.Add(await SpringActorTrainer.StepAsync(engine, task, rule, context.Cancellation));
                Progress(context, clock, step, steps);
            }
            trained = engine.Network;
        }
        costs.Add(task.Cost(trained, task.Free(trained))); // after the last update, by the reference
        folder ??= OutputFolder.CreateTimestamped(OutputFolder.Root, "springs", DateTime.UtcNow);
        Write(folder, path, network, trained, task, rule, costs, actors, clock.Elapsed.TotalSeconds);
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cost {costs[0]:G3} -> {costs[^1]:G3} m^2 ({Math.Log10(costs[0] / costs[^1]):F2} decades) in {steps} steps; wrote {folder}"));
        return ExitCodes.Success;
    }

    private DisplacementTask Task(ParseResult parsed, SpringNetwork network)
    {
        var inputs = parsed.GetValue(_move)!.Select(m => SpringArguments.Displacement("--move", m, network, held: true)).ToArray();
        var (output, dx, dy) = SpringArguments.Displacement("--target", parsed.GetValue(_target)!, network, held: false);
        return new DisplacementTask(inputs, output, dx, dy);
    }

    private SpringRule Rule(ParseResult parsed, SpringNetwork network)
    {
        var learns = parsed.GetValue(_learn) == "rest-length" ? SpringParameter.RestLength : SpringParameter.Stiffness;
        var (min, max) = parsed.GetValue(_range) is { } range ? SpringArguments.Range("--range", range)
            : learns == SpringParameter.Stiffness ? (0.01 * network.Springs.Min(s => s.Stiffness), 100 * network.Springs.Max(s => s.Stiffness))
            : (0.5 * network.Springs.Min(s => s.RestLength), 2 * network.Springs.Max(s => s.RestLength));
        var alpha = parsed.GetValue(_alpha) ?? (learns == SpringParameter.Stiffness ? 300 : 0.05);
        return new SpringRule(learns, alpha, parsed.GetValue(_eta) ?? 0.5, min, max);
    }

    /// <summary>From 2 s on, a line every 10 % of the steps (standard error; --quiet keeps it back).</summary>
    private static void Progress(CliContext context, Stopwatch clock, int step, int steps)
    {
        var tenth = Math.Max(1, steps / 10);
        if (clock.Elapsed.TotalSeconds >= 2 && (step + 1) % tenth == 0)
            context.Status($"clln: step {step + 1} of {steps}, {(int)clock.Elapsed.TotalSeconds} s");
    }

    /// <summary>metrics.csv, summary.json, network.json (the trained network), cost.png and learned.png, each written whole.</summary>
    private static void Write(string folder, string source, SpringNetwork untrained, SpringNetwork trained, DisplacementTask task, SpringRule rule, List<double> costs, bool actors, double seconds)
    {
        BundledFont.Use();
        var invariant = CultureInfo.InvariantCulture;
        var csv = new StringBuilder("step,cost_m2\n");
        for (var step = 0; step < costs.Count; step++) csv.Append(string.Create(invariant, $"{step},{costs[step]:R}\n"));
        var name = rule.Learns == SpringParameter.Stiffness ? "stiffness" : "rest-length";
        var label = name.Replace('-', ' ');
        var summary = new Dictionary<string, object>
        {
            ["clln"] = BuildInfo.Text,
            ["network"] = source,
            ["engine"] = actors ? "actors" : "reference",
            ["learns"] = name,
            ["alpha"] = rule.Alpha,
            ["eta"] = rule.Eta,
            ["range"] = new[] { rule.Min, rule.Max },
            ["steps"] = costs.Count - 1,
            ["inputs"] = task.Inputs.Select(i => new Dictionary<string, object> { ["node"] = untrained.Nodes[i.Node].Name, ["dx_m"] = i.Dx, ["dy_m"] = i.Dy }).ToArray(),
            ["output"] = new Dictionary<string, object> { ["node"] = untrained.Nodes[task.Output].Name, ["target_dx_m"] = task.TargetDx, ["target_dy_m"] = task.TargetDy },
            ["cost_before_m2"] = costs[0],
            ["cost_after_m2"] = costs[^1],
            ["decades_gained"] = Math.Log10(costs[0] / costs[^1]),
            ["wall_s"] = seconds,
        };
        Directory.CreateDirectory(folder);
        AtomicFile.WriteAllText(Path.Combine(folder, "metrics.csv"), csv.ToString());
        AtomicFile.WriteAllText(Path.Combine(folder, "summary.json"), JsonSerializer.Serialize(summary, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        AtomicFile.WriteAllText(Path.Combine(folder, "network.json"), SpringJson.Write(trained, $"{source} after {costs.Count - 1} steps of {label} learning"));
        var plot = new Plot();
        var curve = plot.Add.Scatter(Enumerable.Range(0, costs.Count).Select(s => (double)s).ToArray(), costs.Select(Math.Log10).ToArray());
        (curve.LegendText, curve.MarkerSize) = ($"free state's cost, {label} learning ({(actors ? "actors" : "reference engine")})", 0);
        plot.Title($"Coupled learning of {label}: cost of the output's displacement");
        plot.XLabel("training step");
        plot.YLabel("log10 cost (m²)");
        plot.ShowLegend();
        Plots.Save(plot, Path.Combine(folder, "cost.png"));
        var marked = task.Inputs.Select(i => i.Node).Append(task.Output).ToArray();
        SpringPlots.LearnedChange(untrained, trained, rule.Learns, $"Learned {label} after {costs.Count - 1} steps (input and output ringed)", Path.Combine(folder, "learned.png"), marked);
    }
}
