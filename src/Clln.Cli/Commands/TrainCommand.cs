using System.CommandLine;
using System.Diagnostics;
using Clln.Actors.Training;
using Clln.Actors.Wiring;
using Clln.Cluster;
using Clln.Cli.CommandLine;
using Clln.Cli.Training;
using Clln.Cli.View;
using Clln.Core.Damage;
using Clln.Core.Elements;
using Clln.Core.Experiments;
using Clln.Core.Model;
using Clln.Core.Tasks;
using Clln.Core.Training;

namespace Clln.Cli.Commands;

/// <summary>
/// `clln train [EXPERIMENT.json] [--field value ...]`: trains a network and writes the results
/// folder. Flags override the file; `--resume DIR` continues a stopped run from its checkpoint.
/// </summary>
public sealed class TrainCommand : ICommand
{
    private readonly Argument<string?> _file = new("EXPERIMENT.json")
    {
        Arity = ArgumentArity.ZeroOrOne,
        Description = "an experiment file: a JSON object whose fields are the options below in snake_case (k_min for --k-min; " +
            "docs/experiment-fields.md); options override the file; unknown fields are errors",
    };

    private readonly Option<string?> _resume = Options.Text("--resume", "DIR",
        "continue the run in DIR from its last checkpoint (optionally to more --epochs); damage fields (--cut-fraction, ..., --damage-epoch) " +
        "damage the trained network there, at its last epoch unless --damage-epoch says later (docs/experiments.md)");

    private readonly Option<int?> _serve = Options.OptionalPort("--serve",
        "serve a live view of the run while it trains (default 127.0.0.1 and a free port, printed at start; see clln view)");

    private readonly ExperimentFieldOptions _fields = new();
    private readonly Option<bool> _verbose = Options.Verbose();
    private readonly Option<bool> _quiet = Options.Quiet();

    public TrainCommand()
    {
        Definition = new Command("train", "train a network on a task (Iris on the 4x4 lattice by default)")
        {
            _file, _resume, Force, _verbose, _quiet, _serve, ViewCommand.Bind,
        };
        foreach (var option in _fields.All) Definition.Add(option);
    }

    public Command Definition { get; }

    /// <summary>--force: overwrite an existing --output folder.</summary>
    public Option<bool> Force { get; } = Options.Force();

    public async Task<int> RunAsync(ParseResult parsed, CliContext context)
    {
        var (experiment, folder, checkpoint) = Resolve(parsed);
        if (parsed.GetValue(ViewCommand.Bind) is not null && parsed.GetValue(_serve) is null)
            throw new BadInputException("option --bind chooses where --serve listens: give --serve too");
        ViewServer? view = null;
        try
        {
            if (parsed.GetValue(_serve) is { } port)
            {
                // The view reads the run's files on threads of its own: it never waits on the engine, nor the engine on it.
                view = await ViewServer.StartAsync(folder.Path, ViewServer.Bind(parsed.GetValue(ViewCommand.Bind), context.Warn), port, context.Cancellation);
                context.Error.WriteLine($"clln: live view of {folder.Path} at {view.Url}");
            }
            return await TrainAsync(experiment, folder, checkpoint, parsed.GetValue(_verbose), context with { Quiet = parsed.GetValue(_quiet) });
        }
        finally
        {
            // A new folder made for a run that stopped before its first write goes again: nothing half-written stays.
            if (folder.Latest is not null) OutputFolder.RemoveIfEmpty(folder.Path);
            if (view is not null) await view.DisposeAsync();
        }
    }

    /// <summary>
    /// One training run into <paramref name="folder"/>: from the start, or from <paramref name="checkpoint"/>
    /// (a run stopped earlier). `clln sweep` runs each of its runs through here.
    /// </summary>
    /// <remarks>
    /// Nothing is written until the run's starting state is measured (or restored): a run that
    /// cannot start leaves the folder as it was. From then on the folder is always resumable, and
    /// a run that stops early (interrupted, or failed: no equilibrium, a value no network holds)
    /// leaves it complete: its finished epochs, their checkpoint, the trained network and a
    /// summary.json that says why it stopped; a failure then throws <see cref="RunFailedException"/>.
    /// </remarks>
    public static async Task<int> TrainAsync(Experiment experiment, RunFolder folder, Checkpoint? checkpoint, bool verbose, CliContext context)
    {
        var run = ExperimentSetup.Prepare(experiment);
        experiment = run.Experiment; // with a task list, its epochs are the tasks'
        var restored = checkpoint is null ? null : RestoredElements(run, checkpoint, folder.File(Checkpoint.FileName));
        var wall = Stopwatch.StartNew();

        var (engine, damage, cluster) = await CreateEngineAsync(run, verbose, context.Cancellation);
        await using var network = engine;
        // How close each step is to gradient descent, on linear networks; not once damage has changed the network.
        // One trainer a task: a task list trains them in turn on the one network, and measures every task each epoch.
        var trainers = run.Tasks.Select(t => new Trainer(t.Task, network, GradientAlignment.For(run.Network, run.InputNodes, run.OutputNodes), experiment.BatchSize)).ToArray();
        var listed = experiment.Tasks is not null;
        var taskNames = listed ? run.Tasks.Select(t => t.Name).ToArray() : null;
        var segments = TaskSequence.Segments(run.Tasks.Select(t => t.Epochs).ToArray(), TaskSequence.Cycles(experiment));
        int TaskAt(int epoch) => TaskSequence.TaskAt(segments, epoch);
        // Alternating tasks: the learned values at the end of the last two stretches, whose distance is the limit cycle's span.
        var turns = new List<double[]>();
        // The learned values at the ends of the last epochs (this process's): how far each edge still moves where the run settled.
        var recent = new Queue<Checkpoint>();
        var trainer = trainers[0];
        var initialConductances = Conductances(run.Network);
        var rows = new List<EpochMetrics>();
        var uncertifiedBefore = 0L;
        // A row as metrics.csv keeps it: energy shared among the edges that are there to learn
        // (fewer once damage removed some), the phases since the last row that noise left
        // uncertified, and the largest error bound of the run so far (this process's and before).
        EpochMetrics Completed(EpochMetrics row)
        {
            var uncertified = network.UncertifiedPhases - uncertifiedBefore;
            uncertifiedBefore = network.UncertifiedPhases;
            var before = rows.Count > 0 && !double.IsNaN(rows[^1].LargestErrorBound) ? rows[^1].LargestErrorBound : 0;
            return row.WithEnergy(experiment.SettlingTime, damage?.Damage?.Network.EdgeCount ?? run.Network.EdgeCount)
                with { UncertifiedPhases = uncertified, LargestErrorBound = Math.Max(before, network.LargestErrorBound) };
        }
        // With a task list, a row also holds every task's test loss (the trained one's is the row's own).
        async Task<EpochMetrics> WithTasksAsync(EpochMetrics row, int trained)
        {
            if (!listed) return row;
            var losses = new double[trainers.Length];
            for (var k = 0; k < trainers.Length; k++)
                losses[k] = k == trained ? row.TestLoss : await trainers[k].TestLossAsync(context.Cancellation);
            return row with { TrainedTask = trained + 1, TaskLosses = losses };
        }
        void ForgetAlignment()
        {
            foreach (var t in trainers) t.Alignment = null; // the gradient is the intact network's: not measured once damage struck
        }
        // The damage strikes after the damage epoch's row; the network is measured again at once.
        async Task StrikeAsync(int epoch)
        {
            await damage!.StrikeAsync(context.Cancellation);
            ForgetAlignment();
            if (damage.Damage!.FloatingNodes is { Length: > 0 } floating)
                context.Warn($"the damage left {floating.Length} node(s) floating ({string.Join(", ", floating)}): they are left out of the measurement");
            rows.Add(Completed(await WithTasksAsync(await trainer.EvaluateAsync(epoch, 0, 0, context.Cancellation), TaskAt(epoch))) with { Damage = true });
        }
        if (checkpoint is null)
        {
            rows.Add(Completed(await WithTasksAsync(await trainer.EvaluateAsync(0, 0, 0, context.Cancellation), 0)));
            if (damage is not null && experiment.DamageEpoch == 0) await StrikeAsync(0);
        }
        else
        {
            // A checkpoint after the damage holds its row: the network it restores is the damaged one.
            var earlier = checkpoint.Rows();
            // A run that went on to a new task measured fewer tasks before: those rows have no loss for the new ones.
            if (listed)
                earlier = earlier.Select(r => r with
                {
                    TrainedTask = r.TaskLosses is null ? 1 : r.TrainedTask,
                    TaskLosses = [.. r.TaskLosses ?? [r.TestLoss], .. Enumerable.Repeat(double.NaN, trainers.Length - (r.TaskLosses?.Length ?? 1))],
                }).ToArray();
            if (damage is not null && earlier.Any(r => r.Damage))
            {
                await damage.StrikeAsync(context.Cancellation);
                ForgetAlignment();
            }
            await network.RestoreAsync(restored!, checkpoint.Step, checkpoint.Voltages, context.Cancellation);
            // The checkpoint holds the state of the task trained last.
            trainer = trainers[TaskAt(checkpoint.Epoch)];
            trainer.TrainOutputs = checkpoint.TrainOutputs;
            if (checkpoint.ClassTargets is { } targets) run.Tasks[TaskAt(checkpoint.Epoch)].Task.RestoreTargets(targets);
            rows.AddRange(earlier);
            // Damage added to a trained run strikes now, at the epoch it stopped at.
            if (damage is { Damage: null } && experiment.DamageEpoch == checkpoint.Epoch) await StrikeAsync(checkpoint.Epoch);
        }

        // The state at the end of the last finished epoch: what a checkpoint may hold. Taking it
        // starts the network afresh from its settled voltages, as restoring it does. A state that
        // no network holds (a value not a number) ends the run at the epoch before.
        async Task<Checkpoint> CaptureAsync(int epoch)
        {
            var captured = new Checkpoint(epoch, network.Step,
                (await network.ReadElementsAsync(context.Cancellation)).Select(run.Rule.LearnedValue).ToArray(),
                run.Tasks[TaskAt(epoch)].Task.MovingTargets, rows.Select(r => r.ToCsv()).ToArray(),
                await network.CheckpointVoltagesAsync(context.Cancellation), trainers[TaskAt(epoch)].TrainOutputs?.Select(o => o.ToArray()).ToArray(),
                taskNames?.Length ?? 0);
            return captured.Problem() is { } problem ? throw new RunFailedException($"epoch {epoch} left a state no network holds: {problem}") : captured;
        }
        // A member lost during epoch e (or its checkpoint) was re-hosted from the checkpoint before it.
        var losses = new List<Dictionary<string, object?>>();
        void NoteLosses(int epoch, int resumedFrom)
        {
            foreach (var loss in cluster?.Losses.Skip(losses.Count) ?? [])
            {
                Serilog.Log.Warning("Cluster member {Member} lost in epoch {Epoch}: {Partitions} partition(s) re-hosted on the survivors, resumed from the checkpoint of epoch {ResumedFrom}",
                    loss.Member, epoch, loss.PartitionsMoved, resumedFrom);
                losses.Add(new() { ["member"] = loss.Member, ["partitions_moved"] = loss.PartitionsMoved, ["at_epoch"] = epoch, ["resumed_from_epoch"] = resumedFrom });
            }
        }
        // A cluster run's members, for the live view and the record: rewritten after every epoch.
        void WriteMembers()
        {
            if (cluster is null) return;
            folder.WriteCluster(new Dictionary<string, object?>
            {
                ["members"] = cluster.Members().Select(m => new Dictionary<string, object?>
                {
                    ["member"] = m.Member, ["partitions"] = m.Partitions, ["nodes"] = m.Nodes, ["edges"] = m.Edges, ["messages_sent"] = m.Messages,
                }).ToList(),
                ["losses"] = losses,
            });
        }
        var finished = await CaptureAsync(rows[^1].Epoch);
        NoteLosses(rows[^1].Epoch, rows[^1].Epoch);

        // The first write: a fresh run replaces an earlier one here; a resumed one records how it now goes on (more epochs, damage added).
        if (checkpoint is null && folder.StartFresh(experiment)) context.Warn($"replacing the earlier run in {folder.Path}");
        if (checkpoint is null && folder.Latest is { } latest && OutputFolder.PointLatest(latest, folder.Path) is { } problem) context.Warn(problem);
        if (checkpoint is not null) folder.WriteConfig(experiment);
        folder.WriteMetrics(rows, taskNames);
        folder.WriteCheckpoint(finished);
        folder.StartHistory(run.Network, finished.Epoch, finished.LearnedValues);
        WriteMembers();

        string? stopped = null; // why the run ended before its last epoch
        Exception? failure = null;
        try
        {
            await EpochProgress.RunAsync(rows[^1].Epoch + 1, experiment.Epochs, context, async epoch =>
            {
                var task = TaskAt(epoch);
                trainer = trainers[task];
                var row = Completed(await WithTasksAsync(await trainer.RunEpochAsync(epoch, context.Cancellation), task));
                rows.Add(row);
                if (damage is not null && epoch == experiment.DamageEpoch) await StrikeAsync(epoch);
                folder.WriteMetrics(rows, taskNames);
                var before = finished.Epoch;
                finished = await CaptureAsync(epoch);
                if (segments.Any(s => s.Last == epoch)) turns = [.. turns.TakeLast(1), finished.LearnedValues];
                recent.Enqueue(finished);
                if (recent.Count > TailEpochs + 1) recent.Dequeue();
                NoteLosses(epoch, before);
                if (epoch % experiment.CheckpointEvery == 0) folder.WriteCheckpoint(finished);
                folder.AppendHistory(epoch, finished.LearnedValues);
                WriteMembers();
                return row;
            });
        }
        catch (OperationCanceledException) when (context.Cancellation.IsCancellationRequested)
        {
            stopped = "interrupted";
        }
        catch (Exception e)
        {
            // No equilibrium (divergence, the engine's timeout, a cluster with no partition member
            // left), an engine's fault, a bad value: the finished epochs are kept all the same.
            failure = e;
            stopped = e is Clln.Actors.RelaxationException ? $"no equilibrium: {e.Message}" : RunFailedException.OneLine(e);
        }

        // Keep what finished: the rows of whole epochs and the state at the last epoch's end.
        rows.RemoveAll(r => r.Epoch > finished.Epoch);
        folder.WriteCheckpoint(finished);
        folder.WriteMetrics(rows, taskNames);
        var trained = run.Network.WithElements(run.ElementsFrom(finished.LearnedValues));
        folder.WriteNetwork(trained);
        var drift = TaskReport.Drift(recent.Where(c => c.Epoch <= finished.Epoch).ToArray());
        if (drift is not null) folder.WriteDrift(run.Network, finished.LearnedValues, drift);
        folder.WriteSummary(Summarize(experiment, rows, network, wall.Elapsed.TotalSeconds, stopped, damage, run.Network, cluster, losses, LinearBaseline.Of(run.Task),
            listed ? TaskReport.Memory(run.Tasks, segments, rows) : null, segments.Count > run.Tasks.Count ? TaskReport.CycleSpan(turns) : null,
            drift is null ? null : Math.Sqrt(drift.Sum(d => d * d))));
        folder.WritePlots(rows, run.Task.IsClassification, run, initialConductances, Conductances(trained));
        folder.WriteTaskPlots(rows, run, trained);

        if (failure is not null)
        {
            if (failure is not RunFailedException) Serilog.Log.Debug(failure, "The run failed");
            throw new RunFailedException($"{stopped}; the {finished.Epoch} finished epochs are kept: clln train --resume {folder.Path} continues the run");
        }
        context.Status($"clln: {(stopped is null ? "finished" : "interrupted after")} {rows[^1].Epoch} epochs; results in {folder.Path}");
        context.Out.WriteLine(EpochProgress.Describe(rows[^1], experiment.Epochs));
        return stopped is null ? ExitCodes.Success : ExitCodes.Interrupted;
    }

    /// <summary>
    /// The elements of a checkpoint's learned values, one per edge of the run's network, each one an
    /// element that edge can be (a resistor's conductance positive, say), else bad input naming the checkpoint file.
    /// </summary>
    private static IEdgeElement[] RestoredElements(PreparedRun run, Checkpoint checkpoint, string file)
    {
        var edges = run.Network.Edges;
        if (checkpoint.LearnedValues.Length != edges.Count)
            throw new BadInputException($"{file}: holds {checkpoint.LearnedValues.Length} learned values for the {edges.Count} edges of the run's network");
        if (checkpoint.Voltages is { } voltages && run.Damage.IsEmpty && voltages.Free.Length != run.Network.NodeCount)
            throw new BadInputException($"{file}: holds settled voltages of {voltages.Free.Length} nodes for the {run.Network.NodeCount} nodes of the run's network");
        return edges.Select((edge, j) =>
        {
            try
            {
                return run.Rule.FromLearnedValue(checkpoint.LearnedValues[j], edge.Element);
            }
            catch (ArgumentException e)
            {
                throw new BadInputException(FormattableString.Invariant($"{file}: edge {edge.Name}: learned value {checkpoint.LearnedValues[j]}: {RunFailedException.OneLine(e)}"));
            }
        }).ToArray();
    }

    /// <summary>
    /// Each edge's conductance for the network picture: a resistor's own, a transistor's channel
    /// conductance with both ends at ground, K (V_G - V_t) (floored, so a closed channel still draws).
    /// </summary>
    private static double[] Conductances(Core.Model.Network network) =>
        network.Edges.Select(e => Math.Max(e.Element.LinearConductance ?? e.Element.Respond(0, 0).DCurrentDVa, 1e-12)).ToArray();

    /// <summary>What the damage hit (by name), when, what it left floating, and the recovery (null until it struck).</summary>
    private static Dictionary<string, object?> DamageSummary(DamagedTwinNetwork damage, Core.Model.Network network, Experiment experiment, Recovery? recovery)
    {
        string[] Edges(int[] indices) => indices.Select(j => network.Edges[j].Name).ToArray();
        var plan = damage.Plan;
        return new Dictionary<string, object?>
        {
            ["epoch"] = experiment.DamageEpoch,
            ["struck"] = damage.Damage is not null,
            ["cut_edges"] = Edges(plan.Cut),
            ["shorted_edges"] = Edges(plan.Shorted),
            ["stuck_edges"] = Edges(plan.Stuck),
            ["dead_nodes"] = plan.DeadNodes.Select(i => network.Nodes[i].Name).ToArray(),
            ["floating_nodes"] = damage.Damage?.FloatingNodes,
            ["remaining_edges"] = damage.Damage?.Network.EdgeCount,
            ["accuracy_before"] = recovery?.Before,
            ["accuracy_right_after"] = recovery?.RightAfter,
            ["accuracy_after_recovery"] = recovery?.After,
            ["epochs_to_recover"] = recovery?.EpochsToRecover,
        };
    }

    /// <summary>The flags that may damage a resumed run.</summary>
    private static readonly string[] DamageFlags =
        ["cut-fraction", "cut-edges", "short-fraction", "short-edges", "stuck-fraction", "stuck-edges", "dead-fraction", "dead-nodes", "damage-epoch"];

    private (Experiment, RunFolder, Checkpoint?) Resolve(ParseResult parsed)
    {
        var given = _fields.Given(parsed);
        if (parsed.GetValue(_resume) is { } directory)
        {
            if (parsed.GetValue(_file) is not null) throw new UsageException("train: --resume takes the run folder; give no experiment file");
            var switching = given.Where(g => g.Flag != "epochs" && TaskSequence.TaskFields.Contains(ExperimentFields.FlagToField(g.Flag))).ToArray();
            var extra = given.Where(g => g.Flag != "epochs" && !DamageFlags.Contains(g.Flag) && !switching.Contains(g)).ToArray();
            if (extra.Length > 0)
                throw new UsageException($"train: --resume continues the run as it was configured; only --epochs, the damage fields and a next task's fields (--task, --seed, --data, ...) may change (not --{extra[0].Flag})");
            // runs/latest may be the small file naming the folder, where links cannot be made.
            directory = OutputFolder.Follow(directory);
            var folder = new RunFolder(directory);
            var resumed = ExperimentFields.ReadFile(folder.File(RunFolder.Config)) with { Output = directory };
            var checkpoint = folder.ReadCheckpoint();
            var epochs = given.Where(g => g.Flag == "epochs").Select(g => g.Text).FirstOrDefault();
            if (switching.Length > 0) resumed = NextTask(resumed, checkpoint, switching, epochs, directory);
            else if (epochs is not null) resumed = MoreEpochs(resumed, epochs);
            OutputFolder.CheckWritable(directory);
            var damage = given.Where(g => DamageFlags.Contains(g.Flag)).ToArray();
            if (damage.Length > 0)
            {
                // Damage a trained network: the run as it was, struck at its last epoch (or later).
                if (resumed.DamageEpoch > 0 || DamageFlags.Any(f => ExperimentFields.Get(resumed, f) != ExperimentFields.Get(new Experiment(), f)))
                    throw new UsageException($"train: the run in {directory} has its damage configured already; resume it without damage fields");
                resumed = resumed with { DamageEpoch = checkpoint.Epoch };
                foreach (var (flag, text) in damage)
                    resumed = ExperimentFields.Set(resumed, ExperimentFields.FlagToField(flag), text, $"option --{flag}");
                if (resumed.DamageEpoch < checkpoint.Epoch)
                    throw new BadInputException($"experiment field damage_epoch: the run in {directory} has finished {checkpoint.Epoch} epochs; damage at {checkpoint.Epoch} or later, not {resumed.DamageEpoch}");
            }
            return (resumed, folder, checkpoint);
        }
        var file = parsed.GetValue(_file);
        var experiment = file is not null ? ExperimentFields.ReadFile(file) : new Experiment();
        foreach (var (flag, text) in given)
            experiment = ExperimentFields.Set(experiment, ExperimentFields.FlagToField(flag), text, $"option --{flag}");
        if (given.Any(g => g.Flag == "output") || experiment.Output != Experiment.DefaultOutput)
        {
            OutputFolder.CheckNamed(experiment.Output, parsed.GetValue(Force), "replace the run there");
            return (experiment, new RunFolder(experiment.Output), null);
        }
        // A run of its own: runs/NAME-TIMESTAMP, NAME the experiment file's or the task's.
        var name = file is not null ? Path.GetFileNameWithoutExtension(file) : experiment.Task;
        var created = OutputFolder.CreateTimestamped(OutputFolder.Root, name, DateTime.UtcNow);
        return (experiment with { Output = created }, new RunFolder(created) { Latest = Path.Combine(OutputFolder.Root, "latest") }, null);
    }

    /// <summary>--resume DIR --epochs N: N epochs in all; with a task list, the last task trains for the rest.</summary>
    private static Experiment MoreEpochs(Experiment resumed, string epochs)
    {
        var total = ExperimentFields.Set(resumed, "epochs", epochs, "option --epochs");
        if (resumed.Tasks is not { Length: > 0 } list) return total;
        if (TaskSequence.Cycles(resumed) > 1 || resumed.TaskEpochs > 0) throw new BadInputException("option --epochs: a run that alternates its tasks (task_cycles) trains its cycles; start a run with more");
        var earlier = TaskSequence.Of(resumed).SkipLast(1).Sum(t => t.Epochs);
        if (total.Epochs <= earlier)
            throw new BadInputException($"option --epochs: the run's tasks before its last take {earlier} epochs; give more than that, not {total.Epochs}");
        return resumed with { Tasks = [.. list[..^1], WithEpochs(list[^1], list.Length - 1, total.Epochs - earlier)] };
    }

    /// <summary>
    /// --resume DIR --task ... : the run goes on with a new task, trained for --epochs epochs (else
    /// as long as the last one): the run's own task (or task list, its last task cut where the run
    /// stopped) becomes a list that ends with it.
    /// </summary>
    private static Experiment NextTask(Experiment resumed, Checkpoint checkpoint, (string Flag, string Text)[] fields, string? epochs, string directory)
    {
        if (TaskSequence.Cycles(resumed) > 1 || resumed.TaskEpochs > 0) throw new BadInputException($"train: the run in {directory} alternates its tasks (task_cycles); it cannot go on with another");
        var list = resumed.Tasks ?? [$"name=task1;task={resumed.Task};epochs={resumed.Epochs}"];
        var sequence = TaskSequence.Of(resumed with { Tasks = list });
        var earlier = sequence.SkipLast(1).Sum(t => t.Epochs);
        if (checkpoint.Epoch <= earlier)
            throw new BadInputException($"train: the run in {directory} stopped at epoch {checkpoint.Epoch}, before its last task began (epoch {earlier + 1}): resume it without task fields first");
        var own = epochs ?? sequence[^1].Epochs.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var entry = string.Join(";", fields.Select(f => $"{ExperimentFields.FlagToField(f.Flag)}={f.Text}").Prepend($"name=task{list.Length + 1}").Append($"epochs={own}"));
        var next = resumed with { Tasks = [.. list[..^1], WithEpochs(list[^1], list.Length - 1, checkpoint.Epoch - earlier), entry] };
        TaskSequence.Of(next); // the new entry's own errors name it
        return TaskSequence.Normalize(next);
    }

    private static string WithEpochs(string entry, int index, int epochs) =>
        string.Join(";", TaskSequence.Fields(entry, index).Select(f => f.Field == "epochs" ? $"epochs={epochs}" : $"{f.Field}={f.Text}"));

    private static async Task<(ITwinNetwork, DamagedTwinNetwork?, ClusterTwinNetwork?)> CreateEngineAsync(PreparedRun run, bool verbose, CancellationToken cancellation)
    {
        if (run.Experiment.Engine == "reference")
        {
            var (reference, damage) = run.CreateTwinNetwork(run.ReferenceEngine);
            return (reference, damage, null);
        }
        if (run.Experiment.Cluster is not { } path)
        {
            var (actors, damage) = ActorTwinNetwork.For(run, verbose);
            return (actors, damage, null);
        }
        // Damage rebuilds the engine on what remains, which a run spread over members does not do yet.
        if (!run.Damage.IsEmpty) throw new BadInputException("experiment field cluster: damage models run on one process only (leave cluster unset)");
        // Across cluster members: this process joins as the coordinator and waits for the members.
        var file = ClusterFile.Load(path);
        var system = await file.JoinAsCoordinatorAsync(verbose, cancellation);
        try
        {
            var spread = await ClusterTwinNetwork.StartAsync(system, run.Network, ActorTwinNetwork.OptionsFor(run, verbose),
                new ClusterRun.Spread(file.Members, WaitForMembers: file.WaitForMembers), new LearningSetup(run.Learning),
                run.InputNodes, run.OutputNodes, run.Experiment.Eta, ownsSystem: true, cancellation, run.Twin.Nudge, run.ContinuousTimescale);
            return (run.WithOutputNoise(spread), null, spread);
        }
        catch (TimeoutException e)
        {
            await system.Terminate();
            throw new BadInputException($"{path}: {e.Message}");
        }
        catch
        {
            await system.Terminate();
            throw;
        }
    }

    /// <summary>Epochs averaged by summary.json's test_accuracy_last_10 and test_loss_last_10.</summary>
    public const int TailEpochs = 10;

    private static Dictionary<string, object?> Summarize(Experiment experiment, List<EpochMetrics> rows, ITwinNetwork network, double wallSeconds, string? stopped,
        DamagedTwinNetwork? damage, Core.Model.Network intact, ClusterTwinNetwork? cluster, List<Dictionary<string, object?>> losses, LinearBaseline baseline,
        Dictionary<string, object?>? tasks, double? cycleSpan, double? drift)
    {
        var messages = network.Messages;
        var last = rows[^1];
        double? Finite(double x) => double.IsFinite(x) ? x : null;
        // Where the run settled, not one epoch's sample of it: an edge that keeps stepping (a
        // potentiometer under a global clock rattles about its optimum) ends anywhere in its cycle.
        var tail = rows.Where(r => r.Epoch > 0).TakeLast(TailEpochs).ToArray();
        double? TailMean(Func<EpochMetrics, double> metric) => tail.Length == 0 ? null : Finite(tail.Average(metric));
        return new Dictionary<string, object?>
        {
            // Which clln produced the run, as in config.json.
            [ExperimentFields.ProducedByField] = new Dictionary<string, string> { ["version"] = BuildInfo.Version, ["commit"] = BuildInfo.Commit },
            ["task"] = experiment.Task,
            ["engine"] = experiment.Engine,
            ["rule"] = experiment.Rule,
            ["clock"] = experiment.Clock,
            ["seed"] = experiment.Seed,
            ["epochs"] = last.Epoch,
            ["interrupted"] = stopped == "interrupted",
            // Why the run ended before its last epoch ("interrupted", or the failure), null when it did not.
            ["stopped"] = stopped,
            ["train_accuracy"] = Finite(last.TrainAccuracy),
            ["test_accuracy"] = Finite(last.TestAccuracy),
            ["train_loss"] = last.TrainLoss,
            ["test_loss"] = last.TestLoss,
            ["initial_test_loss"] = rows[0].TestLoss,
            ["test_loss_reduction"] = rows[0].TestLoss / last.TestLoss,
            [$"test_accuracy_last_{TailEpochs}"] = TailMean(r => r.TestAccuracy),
            [$"test_loss_last_{TailEpochs}"] = TailMean(r => r.TestLoss),
            // The same on a log scale (decades), where losses spread over orders of magnitude average sensibly over seeds.
            [$"log10_test_loss_last_{TailEpochs}"] = TailMean(r => Math.Log10(r.TestLoss)),
            // A linear yardstick on the same split: the least-squares affine map of the inputs (for a classification, the least-squares classifier).
            ["linear_baseline_test_loss"] = Finite(baseline.TestLoss),
            ["linear_baseline_test_accuracy"] = Finite(baseline.TestAccuracy),
            ["linear_baseline_train_loss"] = Finite(baseline.TrainLoss),
            ["linear_baseline_train_accuracy"] = Finite(baseline.TrainAccuracy),
            ["free_power_w"] = last.FreePowerW,
            ["settling_time_s"] = experiment.SettlingTime,
            ["energy_per_parameter_j"] = Finite(last.EnergyPerParameterJ),
            // Under noise a phase is certified only to the noise floor: how often, and how far from the exact equilibrium.
            ["certified"] = rows.All(r => r.UncertifiedPhases == 0),
            ["uncertified_phases"] = rows.Sum(r => r.UncertifiedPhases),
            ["largest_error_bound_v"] = last.LargestErrorBound,
            // How close the training steps were to gradient descent (mean cosine; null where not measured).
            [$"gradient_cosine_last_{TailEpochs}"] = TailMean(r => r.GradientCosine),
            // The size of a step where the run settled: zero for a perfect network at zero error, the bias's for an imperfect one (siemens).
            [$"update_norm_last_{TailEpochs}_s"] = TailMean(r => r.UpdateNorm),
            ["messages"] = messages,
            // Node-edge messages in all, and those whose link crossed cluster members (0 on one process).
            ["total_messages"] = messages,
            ["cross_member_messages"] = cluster?.CrossMemberMessages ?? 0L,
            // Members lost during the run: each one's partitions were re-hosted and the run resumed from the checkpoint before.
            ["member_losses"] = cluster is null ? null : losses,
            ["wall_s"] = wallSeconds,
            ["damage"] = damage is null ? null : DamageSummary(damage, intact, experiment, Recovery.From(rows)),
            // With a task list: per task, its test loss right after its training and at the end (forgetting: their ratio).
            ["tasks"] = tasks,
            // Alternating tasks: how far apart (in learned values) the network is at the ends of the last two stretches, the limit cycle's span D.
            ["cycle_span"] = cycleSpan,
            // How far the network still moved a training step, on average over the last epochs (edge_drift.csv per edge):
            // zero for a perfect network at zero error, the drift a learning bias drives along the task's solutions otherwise.
            ["drift_per_step"] = drift,
        };
    }
}
