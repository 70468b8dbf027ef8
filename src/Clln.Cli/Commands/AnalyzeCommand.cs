using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Clln.Cli.CommandLine;
using Clln.Cli.Reporting;
using Clln.Cli.Training;
using Clln.Core.Analysis;
using Clln.Core.Experiments;
using Clln.Core.Formats;
using Clln.Core.Model;

namespace Clln.Cli.Commands;

/// <summary>
/// `clln analyze RUN_DIR`: what the network became (<see cref="NetworkAnalysis"/>): its
/// conductances, the spectra of its physical and cost Hessians, and the signatures of learning,
/// for the untrained network (rebuilt from the run's config.json and seed) and the trained one
/// (network.json), written as CSV, JSON and PNG to RUN_DIR/analysis.
/// </summary>
public sealed class AnalyzeCommand : ICommand
{
    private readonly Argument<string> _run = new("RUN_DIR") { Description = "a finished or stopped training run's folder (config.json and network.json), e.g. runs/latest" };

    private readonly Option<string?> _output = Options.Text("--output", "DIR",
        "where to write (default RUN_DIR/analysis): summary.json, physical-spectrum.csv, cost-spectrum.csv, conductances.csv and their PNGs");

    public AnalyzeCommand() => Definition = new Command("analyze",
        "what a trained linear network became: conductances, the spectra of its physical and cost Hessians, and their alignment with the task, before and after training")
    {
        _run, _output, Force,
    };

    public Command Definition { get; }

    public Option<bool> Force { get; } = Options.Switch("--force", "replace an existing analysis folder");

    public Task<int> RunAsync(ParseResult parsed, CliContext context)
    {
        var runFolder = new RunFolder(OutputFolder.Follow(parsed.GetValue(_run)!));
        if (!Directory.Exists(runFolder.Path) || !File.Exists(runFolder.File(RunFolder.Config)) || !File.Exists(runFolder.File(RunFolder.TrainedNetwork)))
            throw new BadInputException($"{runFolder.Path}: not a training run's folder (it needs {RunFolder.Config} and {RunFolder.TrainedNetwork})");
        var experiment = ExperimentFields.ReadFile(runFolder.File(RunFolder.Config));
        var run = ExperimentSetup.Prepare(experiment);
        var trained = NetworkFile.Load(runFolder.File(RunFolder.TrainedNetwork), context.Warn);
        if (trained.EdgeCount != run.Network.EdgeCount || trained.NodeCount != run.Network.NodeCount
            || trained.Edges.Where((e, j) => e.Name != run.Network.Edges[j].Name).Any())
            throw new BadInputException($"{runFolder.File(RunFolder.TrainedNetwork)}: not the network of {runFolder.File(RunFolder.Config)} (other nodes or edges; was damage applied?)");
        var output = parsed.GetValue(_output) ?? Path.Combine(runFolder.Path, "analysis");
        OutputFolder.CheckNamed(output, parsed.GetValue(Force), "replace the analysis there");

        NetworkAnalysis before, after;
        try
        {
            before = NetworkAnalysis.Of(run.Network, run.InputNodes, run.OutputNodes, run.Task.Train);
            after = NetworkAnalysis.Of(run.Network.WithElements(trained.Edges.Select(e => e.Element).ToArray()), run.InputNodes, run.OutputNodes, run.Task.Train);
        }
        catch (ArgumentException e)
        {
            throw new BadInputException($"{runFolder.Path}: cannot analyze: {e.Message}");
        }

        // Everything into a fresh folder beside the target, which then takes its place: never half an analysis.
        var staging = output.TrimEnd(Path.DirectorySeparatorChar) + ".partial";
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(staging);
        try
        {
            string In(string name) => Path.Combine(staging, name);
            AtomicFile.WriteAllText(In("summary.json"), Summary(before, after));
            AtomicFile.WriteAllText(In("physical-spectrum.csv"), Columns("mode,untrained_s,trained_s", before.PhysicalSpectrum, after.PhysicalSpectrum));
            AtomicFile.WriteAllText(In("cost-spectrum.csv"), Columns("mode,untrained_v2_per_s2,trained_v2_per_s2", before.CostSpectrum, after.CostSpectrum));
            AtomicFile.WriteAllText(In("conductances.csv"), "edge,untrained_s,trained_s\n" + string.Concat(run.Network.Edges.Select((e, j) =>
                string.Create(CultureInfo.InvariantCulture, $"{Csv(e.Name)},{before.Conductances[j]:R},{after.Conductances[j]:R}\n"))));
            AnalysisPlots.Spectrum("Physical Hessian: the free nodes' Laplacian", "S", before.PhysicalSpectrum, after.PhysicalSpectrum, In("physical-spectrum.png"));
            AnalysisPlots.Spectrum("Cost Hessian (Gauss-Newton, mean over the training samples)", "V²/S²", before.CostSpectrum, after.CostSpectrum, In("cost-spectrum.png"));
            AnalysisPlots.Conductances(before.Conductances, after.Conductances, In("conductances.png"));
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
            Directory.Move(staging, output);
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"effective dimension {before.EffectiveDimension:G3} -> {after.EffectiveDimension:G3}; susceptibility {before.Susceptibility:G3} -> {after.Susceptibility:G3} ohm; " +
            $"input response in the softest modes {before.Alignment:P1} -> {after.Alignment:P1} (random: {after.AlignmentBaseline:P1})"));
        context.Status($"clln: wrote {output}");
        return Task.FromResult(ExitCodes.Success);
    }

    private static string Summary(NetworkAnalysis before, NetworkAnalysis after)
    {
        object Of(NetworkAnalysis a) => new Dictionary<string, object?>
        {
            ["effective_dimension"] = Finite(a.EffectiveDimension),
            ["susceptibility_ohm"] = Finite(a.Susceptibility),
            ["alignment"] = Finite(a.Alignment),
            ["softest_physical_mode_s"] = a.PhysicalSpectrum.Length > 0 ? a.PhysicalSpectrum[0] : null,
            ["stiffest_cost_mode_v2_per_s2"] = a.CostSpectrum.Length > 0 ? a.CostSpectrum[^1] : null,
        };
        return JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["clln"] = new { version = BuildInfo.Version, commit = BuildInfo.Commit },
            ["untrained"] = Of(before),
            ["trained"] = Of(after),
            ["alignment_random_baseline"] = Finite(after.AlignmentBaseline),
        }, new JsonSerializerOptions { WriteIndented = true });
    }

    private static double? Finite(double x) => double.IsFinite(x) ? x : null;

    private static string Columns(string header, double[] a, double[] b) => header + "\n" + string.Concat(Enumerable.Range(0, Math.Max(a.Length, b.Length)).Select(i =>
        string.Create(CultureInfo.InvariantCulture, $"{i + 1},{(i < a.Length ? a[i].ToString("R", CultureInfo.InvariantCulture) : "")},{(i < b.Length ? b[i].ToString("R", CultureInfo.InvariantCulture) : "")}\n")));

    private static string Csv(string text) => text.Contains(',') || text.Contains('"') ? $"\"{text.Replace("\"", "\"\"")}\"" : text;
}
