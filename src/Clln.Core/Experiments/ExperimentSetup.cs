using System.Globalization;
using Clln.Core.Damage;
using Clln.Core.Data;
using Clln.Core.Elements;
using Clln.Core.Formats;
using Clln.Core.Learning;
using Clln.Core.Model;
using Clln.Core.Solving;
using Clln.Core.Tasks;
using Clln.Core.Topologies;
using Clln.Core.Training;

namespace Clln.Core.Experiments;

/// <summary>
/// Checks an experiment's values (each error names its field) and builds the run: topology, task
/// and layout from the seed, initial conductances (and gate voltages) from the seed, rule and clock.
/// </summary>
public static class ExperimentSetup
{
    public static PreparedRun Prepare(Experiment run)
    {
        // The network is the first task's; with a task list the run's epochs are its tasks'.
        var sequence = TaskSequence.Of(run);
        if (run.Tasks is null && run.TaskCycles != 1)
            throw Field("task_cycles", $"alternates the tasks of a list: give tasks, or leave it at 1 (not {run.TaskCycles})");
        if (run.Tasks is null && run.TaskEpochs != 0)
            throw Field("task_epochs", $"sets the epochs of the tasks of a list: give tasks, or leave it at 0 (not {run.TaskEpochs})");
        if (run.Tasks is null) Validate(sequence[0].Experiment);
        else
            for (var k = 0; k < sequence.Count; k++)
            {
                var listed = sequence[k];
                InTask(listed, k, () => Validate(listed.Experiment));
            }
        var e = sequence[0].Experiment;
        var fromFile = e.Topology.StartsWith("file:", StringComparison.Ordinal) ? NetworkFile.Load(e.Topology[5..], _ => { }) : null;
        var topology = fromFile is not null ? Topology.FromNetwork(fromFile, e.Topology[5..]) : ParseTopology(e.Topology);
        var rule = CreateRule(e);
        var clock = e.Clock == "global" ? UpdateClock.Global
            : e.PoissonRate is { } rate ? UpdateClock.Poisson(rate, e.Seed) : UpdateClock.Bernoulli(e.UpdateProbability, e.Seed);

        var dataSet = DataSetOf(e);
        var (inputs, outputs) = Shape(e, dataSet);
        var biasVolts = BiasVoltsOf(e);

        var named = e.Inputs is not null || e.Outputs is not null || e.Ground is not null || e.BiasNodes is not null;
        var layout = !named && fromFile is not null && FileLayout(fromFile, inputs, outputs) is { } roles ? roles
            : !named && fromFile is null && e.Task is "xor" or "moons" && TaskLayout.Plaquette(topology, biasVolts) is { } plaquette ? plaquette
            : TaskLayout.Choose(topology, inputs, outputs, biasVolts, e.Seed, e.Inputs, e.Outputs, e.Ground, e.BiasNodes);
        var network = layout.Wire(topology, InitialElements(e, rule, topology, fromFile));
        var task = dataSet is null ? MadeUpTask(e, topology, layout) : DataTask(e, dataSet);
        var tasks = sequence.Select((t, k) => new PreparedTask(t.Name, k == 0 ? task : LaterTask(t, k, topology, layout, (inputs, outputs), biasVolts), t.Epochs)).ToArray();
        var imperfections = new Imperfections(e.TwinMismatch, e.ComparatorOffset, e.ComparatorNoise, e.UpdateNoise, e.Drift,
            e.DriftUnit == "epoch" ? task.Train.Count : 1);
        return new PreparedRun(TaskSequence.Normalize(run), topology, network, task, layout,
            layout.Inputs.Select(network.IndexOf).ToArray(), layout.Outputs.Select(network.IndexOf).ToArray(), rule, clock,
            new EdgeLearning(rule, clock, imperfections, e.Seed, network.EdgeCount) { PowerWeight = e.PowerWeight }, DamagePlan.Choose(e, network)) { Tasks = tasks };
    }

    /// <summary>The data a task reads (null for a task made up from a teacher network or a polynomial).</summary>
    private static DataSet? DataSetOf(Experiment e) => e.Task switch
    {
        "iris" => EmbeddedData.Iris(),
        "csv" => CsvDataSet.ReadFile(e.Data ?? throw Field("data", "the csv task needs a data file (--data FILE)"),
            e.Label ?? throw Field("label", "the csv task needs the label column (--label COLUMN)")),
        "xor" => SyntheticData.XorLike(e.SampleCount, e.DataNoise, e.Seed),
        "moons" => SyntheticData.TwoMoons(e.SampleCount, e.DataNoise, e.Seed),
        _ => null,
    };

    /// <summary>How many inputs and outputs a task needs.</summary>
    private static (int Inputs, int Outputs) Shape(Experiment e, DataSet? dataSet) => dataSet is not null
        ? (dataSet.FeatureNames.Length, dataSet.IsClassification ? ClassificationTask.OutputsFor(dataSet.ClassNames.Length, TargetModeOf(e)) : dataSet.Targets[0].Length)
        : e.Task == PolynomialRegressionTask.TaskName ? (1, 1) : (e.InputCount, e.OutputCount);

    /// <summary>Bias nodes named without volts take the task's volts; an empty list of them means none.</summary>
    private static double[] BiasVoltsOf(Experiment e) => e.BiasVolts.Length == 0 && e.BiasNodes is not [] ? DefaultBiasVolts(e.Task) : e.BiasVolts;

    /// <summary>
    /// A later task of a sequence, on the first task's network: it must need the same inputs,
    /// outputs and bias voltages (the nodes keep their roles), else an error naming it.
    /// </summary>
    private static LearningTask LaterTask(SequencedTask t, int index, Topology topology, TaskLayout layout, (int Inputs, int Outputs) shape, double[] biasVolts)
    {
        return InTask(t, index, () =>
        {
            var dataSet = DataSetOf(t.Experiment);
            var (inputs, outputs) = Shape(t.Experiment, dataSet);
            if ((inputs, outputs) != shape)
                throw new BadInputException($"task {t.Experiment.Task} needs {inputs} inputs and {outputs} outputs, but the network's nodes have the first task's roles, {shape.Inputs} inputs and {shape.Outputs} outputs");
            if (!BiasVoltsOf(t.Experiment).SequenceEqual(biasVolts))
                throw new BadInputException($"task {t.Experiment.Task} biases its nodes at other voltages than the first task ({string.Join(", ", biasVolts)} V): the bias nodes keep their roles");
            return dataSet is null ? MadeUpTask(t.Experiment, topology, layout) : DataTask(t.Experiment, dataSet);
        });
    }

    private static void InTask(SequencedTask task, int index, Action check) => InTask(task, index, () =>
    {
        check();
        return 0;
    });

    /// <summary>Runs a check of a listed task, its errors naming the task: "experiment field tasks[2] (B).seed: ...".</summary>
    private static T InTask<T>(SequencedTask task, int index, Func<T> check)
    {
        const string prefix = "experiment field ";
        var where = $"{prefix}{TaskSequence.Field}[{index + 1}] ({task.Name})";
        try
        {
            return check();
        }
        catch (BadInputException e) when (!e.Message.StartsWith(where, StringComparison.Ordinal))
        {
            throw new BadInputException(e.Message.StartsWith(prefix, StringComparison.Ordinal) ? $"{where}.{e.Message[prefix.Length..]}" : $"{where}: {e.Message}");
        }
    }

    /// <summary>The biases a task brings when the experiment names none: the + and - sources of the nonlinear tasks.</summary>
    private static double[] DefaultBiasVolts(string task) => task switch
    {
        PolynomialRegressionTask.TaskName => [1.5],
        "xor" or "moons" => [1.0, 0.0],
        _ => [],
    };

    /// <summary>
    /// Each edge's element at the start: resistors with conductances drawn from the seed (as
    /// always, so resistor runs are unchanged), transistors with gates drawn from a stream of
    /// their own, and in mixed networks each edge a transistor with probability transistor_share.
    /// A network file's elements are used as they are (resistors through the rule's initial element).
    /// </summary>
    private static Func<int, IEdgeElement> InitialElements(Experiment e, ILearningRule rule, Topology topology, Network? fromFile)
    {
        var gateRule = rule switch { GateRule g => g, MixedRule m => m.Transistors, _ => null };
        if (fromFile is not null)
        {
            var kinds = fromFile.Edges.Select(edge => edge.Element is Transistor).ToArray();
            var fileElement = kinds.All(t => t) ? "transistor" : kinds.Any(t => t) ? "mixed" : "resistor";
            if (fileElement != e.Element)
                throw Field("element", $"the network file's edges make it a {fileElement} network, not {e.Element}");
            return j => fromFile.Edges[j].Element switch
            {
                Transistor t => gateRule!.FromLearnedValue(Math.Clamp(t.GateVoltage, e.GateMin, e.GateMax), t),
                var linear => rule.Initial(linear.LinearConductance ?? throw Field("topology", $"edge '{fromFile.Edges[j].Name}' is a {linear.Kind}, which the rule cannot learn")),
            };
        }
        var random = new Random(e.Seed);
        var conductances = Enumerable.Range(0, topology.EdgeCount).Select(_ => e.KInitLow + (e.KInitHigh - e.KInitLow) * random.NextDouble()).ToArray();
        if (gateRule is null) return j => rule.Initial(conductances[j]);
        var transistorRandom = new Random(unchecked(e.Seed * 7919 + 101));
        var isTransistor = Enumerable.Range(0, topology.EdgeCount).Select(_ => e.Element == "transistor" || transistorRandom.NextDouble() < e.TransistorShare).ToArray();
        var gates = Enumerable.Range(0, topology.EdgeCount).Select(_ => e.GateInitLow + (e.GateInitHigh - e.GateInitLow) * transistorRandom.NextDouble()).ToArray();
        return j => isTransistor[j] ? gateRule.Initial(gates[j]) : rule.Initial(conductances[j]);
    }

    /// <summary>
    /// The roles a network file gives its nodes, when they fit the task (as many inputs and
    /// outputs as it needs, one ground); else null and the layout is drawn as usual.
    /// </summary>
    private static TaskLayout? FileLayout(Network network, int inputs, int outputs)
    {
        string[] Named(NodeRole role) => network.Nodes.Where(n => n.Role == role).Select(n => n.Name).ToArray();
        var (inputNodes, outputNodes, grounds) = (Named(NodeRole.Input), Named(NodeRole.Output), Named(NodeRole.Ground));
        if (inputNodes.Length != inputs || outputNodes.Length != outputs || grounds.Length != 1) return null;
        var biases = network.Nodes.Where(n => n.Role == NodeRole.Bias).Select(n => (n.Name, n.Voltage)).ToArray();
        return new TaskLayout(inputNodes, outputNodes, grounds[0], biases);
    }

    /// <summary>"lattice:4x4" (periodic), "lattice:RxC:open", "random:NODES:EDGES[:SEED]".</summary>
    public static Topology ParseTopology(string spec)
    {
        var parts = spec.Split(':');
        try
        {
            switch (parts[0])
            {
                case "lattice" when parts.Length is 2 or 3:
                    var size = parts[1].Split('x');
                    if (size.Length != 2) break;
                    var periodic = parts.Length == 2 || parts[2] switch { "periodic" => true, "open" => false, _ => throw Field("topology", $"'{parts[2]}' is neither periodic nor open") };
                    return Topology.SquareLattice(Int(size[0]), Int(size[1]), periodic);
                case "random" when parts.Length is 3 or 4:
                    return Topology.RandomConnected(Int(parts[1]), Int(parts[2]), parts.Length == 4 ? Int(parts[3]) : 1);
            }
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw Field("topology", ex.Message.Split(" (Parameter")[0]);
        }
        throw Field("topology", $"'{spec}' is not a topology (expected lattice:4x4, lattice:8x8:open, random:NODES:EDGES or file:PATH)");

        int Int(string text) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : throw Field("topology", $"'{text}' is not a whole number in '{spec}'");
    }

    private static ILearningRule CreateRule(Experiment e)
    {
        var transistors = e.Element is "transistor" or "mixed";
        if (transistors && e.Rule != GateRule.RuleName)
            throw Field("rule", $"transistor edges learn by their gate voltage: use rule gate with element {e.Element}, not {e.Rule}");
        if (!transistors && e.Rule == GateRule.RuleName)
            throw Field("rule", "rule gate teaches transistor edges: use element transistor or mixed, not resistor");
        return e.Rule switch
        {
            GateRule.RuleName => e.Element == "mixed"
                ? new MixedRule(new ContinuousRule(e.Alpha, e.Eta, e.KMin, e.KMax), CreateGateRule(e))
                : CreateGateRule(e),
            _ => CreateResistorRule(e),
        };
    }

    private static GateRule CreateGateRule(Experiment e) =>
        new(e.Gain, e.LearningTime, e.Rc, e.GateMin, e.GateMax, new Transistor(e.GateMin, e.Threshold, e.TransistorK, e.SubthresholdSwing > 0 ? e.SubthresholdSwing : null));

    /// <summary>The rule of equilibrium propagation (the same local update as coupled learning, after a current nudge).</summary>
    public const string EquilibriumPropagation = "equilibrium-propagation";

    /// <summary>The rule of the central gradient-descent yardstick.</summary>
    public const string Gradient = "gradient";

    /// <summary>How the rule's second state is made (see <see cref="Nudge"/>).</summary>
    public static Nudge NudgeOf(string rule) => rule switch
    {
        EquilibriumPropagation => Nudge.Current,
        Gradient => Nudge.Exact,
        _ => Nudge.Clamp,
    };

    private static ILearningRule CreateResistorRule(Experiment e) => e.Rule switch
    {
        // Equilibrium propagation and the gradient step change continuous conductances as coupled learning does.
        ContinuousRule.RuleName or EquilibriumPropagation or Gradient => new ContinuousRule(e.Alpha, e.Eta, e.KMin, e.KMax),
        PotentiometerRule.RuleName => new PotentiometerRule(e.TapSpacing switch
        {
            "log" => TapLadder.LogSpaced(e.Taps, e.TapMinOhms, e.TapMaxOhms),
            "linear" => TapLadder.LinearSpaced(e.Taps, e.TapMinOhms, e.TapMaxOhms),
            _ => throw Field("tap_spacing", $"'{e.TapSpacing}' is neither log nor linear"),
        }, e.DeadBand),
        _ => throw Field("rule", $"unknown rule '{e.Rule}' (expected continuous, potentiometer, gate, {EquilibriumPropagation} or {Gradient})"),
    };

    private static LearningTask DataTask(Experiment e, DataSet data)
    {
        var scaling = VoltageScaling.Fit(data, e.InputLow, e.InputHigh);
        if (data.IsClassification)
        {
            var mode = TargetModeOf(e);
            return ClassificationTask.FromDataSet(data, scaling, e.TrainPerClass, e.Seed, e.TargetLow, e.TargetHigh, mode, e.TargetMargin);
        }
        // Regression targets are scaled into the target voltage range too.
        var targets = data.Targets;
        var min = targets.Min(t => t[0]);
        var max = targets.Max(t => t[0]);
        var scaled = targets.Select(t => new[] { max > min ? e.TargetLow + (e.TargetHigh - e.TargetLow) * (t[0] - min) / (max - min) : (e.TargetLow + e.TargetHigh) / 2 }).ToArray();
        return RegressionTask.FromRows(data.Name, data.Features.Select(scaling.Apply).ToArray(), scaled, e.TrainFraction, e.Seed);
    }

    /// <summary>The targets field, or the task's own: differential for the two-class nonlinear tasks (O = O+ - O-), adaptive otherwise.</summary>
    private static TargetMode TargetModeOf(Experiment e) => (e.Targets ?? (e.Task is "xor" or "moons" ? "differential" : "adaptive")) switch
    {
        "fixed" => TargetMode.Fixed,
        "differential" => TargetMode.Differential,
        _ => TargetMode.Adaptive,
    };

    /// <summary>
    /// Allostery and linear regression targets come from a teacher: the same wiring with other
    /// random conductances. What a teacher network does, the student can learn exactly, so the
    /// error can in principle reach zero and its fall measures learning, not expressiveness.
    /// </summary>
    private static LearningTask MadeUpTask(Experiment e, Topology topology, TaskLayout layout)
    {
        if (e.Task == PolynomialRegressionTask.TaskName)
            return new PolynomialRegressionTask(e.Polynomial, e.InputLow, e.InputHigh, e.TrainCount, testCount: 41, e.Seed);
        var random = new Random(unchecked(e.Seed * 7919 + 17));
        // A teacher of its own seed takes the draws it would have taken from the task's, so the
        // inputs are the task's own either way (teacher_seed = seed is the default, exactly).
        var teacherRandom = e.TeacherSeed is { } teacherSeed ? new Random(unchecked(teacherSeed * 7919 + 17)) : random;
        var teacherConductances = Enumerable.Range(0, topology.EdgeCount).Select(_ => Math.Exp(Math.Log(e.KInitLow / 3) + Math.Log(9 * e.KInitHigh / e.KInitLow) * teacherRandom.NextDouble())).ToArray();
        if (teacherRandom != random)
            for (var j = 0; j < topology.EdgeCount; j++) random.NextDouble();
        var teacher = layout.Wire(topology, j => new Resistor(teacherConductances[j]));
        var solver = new LinearEquilibriumSolver(teacher);
        var inputs = layout.Inputs.Select(teacher.IndexOf).ToArray();
        var outputs = layout.Outputs.Select(teacher.IndexOf).ToArray();
        double[] Respond(double[] x)
        {
            var held = teacher.HeldVoltages();
            for (var i = 0; i < inputs.Length; i++) held[inputs[i]] = x[i];
            var v = solver.SolveVoltages(held);
            return outputs.Select(o => v[o]).ToArray();
        }
        switch (e.Task)
        {
            case "allostery":
                var x = inputs.Select(_ => e.InputLow + (e.InputHigh - e.InputLow) * random.NextDouble()).ToArray();
                return RegressionTask.Allostery(x, Respond(x));
            case "linear-regression":
                // The teacher is linear: y = W x + b, read off by probing with each unit input.
                var offsets = Respond(new double[inputs.Length]);
                var weights = outputs.Select((_, o) => inputs.Select((_, i) =>
                {
                    var unit = new double[inputs.Length];
                    unit[i] = 1;
                    return Respond(unit)[o] - offsets[o];
                }).ToArray()).ToArray();
                return RegressionTask.Linear(weights, offsets, trainCount: 20, testCount: 40, e.InputLow, e.InputHigh, e.Seed);
            default:
                throw Field("task", $"unknown task '{e.Task}' (expected iris, allostery, linear-regression, nonlinear-regression, xor, moons or csv)");
        }
    }

    /// <summary>The largest nudge: past a few, an overclamped output is driven far outside anything the network can hold.</summary>
    public const double MaxEta = 10;

    private static readonly string[] KnownTasks = ["iris", "allostery", "linear-regression", PolynomialRegressionTask.TaskName, "xor", "moons", "csv"];

    private static void Validate(Experiment e)
    {
        void Check(bool ok, string field, string message) { if (!ok) throw Field(field, message); }
        Check(e.Epochs >= 1, "epochs", $"must be at least 1, not {e.Epochs}");
        Check(e.TaskCycles >= 0, "task_cycles", $"must be 0 (as many turns as fit in epochs) or more, not {e.TaskCycles}");
        Check(e.TaskEpochs >= 0, "task_epochs", $"must be 0 (each task's own) or more, not {e.TaskEpochs}");
        Check(KnownTasks.Contains(e.Task), "task", $"unknown task '{e.Task}' (expected {string.Join(", ", KnownTasks[..^1])} or {KnownTasks[^1]})");
        Check(e.TeacherSeed is null || e.Task is "allostery" or "linear-regression", "teacher_seed", $"only a made-up task (allostery, linear-regression) has a teacher network, not {e.Task}");
        Check(e.Eta is > 0 and <= MaxEta, "eta", $"must be in (0, {MaxEta}] (above 1: overclamping), not {e.Eta}");
        Check(e.Alpha > 0, "alpha", $"must be positive, not {e.Alpha}");
        Check(e.BatchSize >= 1, "batch_size", $"must be at least 1 (training steps per update), not {e.BatchSize}");
        Check(e.PowerWeight is >= 0 and < 1, "power_weight", $"must be in [0, 1), not {e.PowerWeight}");
        Check(e.LearningMode is "quasistatic" or "continuous", "learning_mode", $"must be quasistatic or continuous, not '{e.LearningMode}'");
        Check(e.TimescaleRatio > 0 && double.IsFinite(e.TimescaleRatio), "timescale_ratio", $"must be a positive number, not {e.TimescaleRatio}");
        if (e.LearningMode == "continuous")
        {
            Check(e.Rule is "continuous" or "gate", "learning_mode", $"continuous learning integrates a rule linear in the contrast (continuous or gate), not {e.Rule}");
            Check(e.BatchSize == 1, "batch_size", "continuous learning integrates every update as it goes: batch_size must be 1");
            Check((e.TwinMismatch, e.ComparatorOffset, e.ComparatorNoise, e.UpdateNoise, e.Drift) == (0, 0, 0, 0, 0), "learning_mode",
                "continuous learning does not model the hardware imperfections yet (twin_mismatch, comparator_offset, comparator_noise, update_noise, drift)");
        }
        Check(e.PowerWeight == 0 || e.Rule != Gradient, "power_weight", "weighs a local rule's comparator: the gradient rule has none");
        Check(e.KMin > 0 && e.KMax > e.KMin, "k_min", $"conductance bounds must satisfy 0 < k_min < k_max, not {e.KMin} .. {e.KMax}");
        Check(e.KInitLow > 0 && e.KInitHigh >= e.KInitLow, "k_init_low", $"initial conductances must satisfy 0 < k_init_low <= k_init_high, not {e.KInitLow} .. {e.KInitHigh}");
        Check(e.Taps >= 2, "taps", $"a ladder needs at least 2 taps, not {e.Taps}");
        Check(e.TapMinOhms > 0 && e.TapMaxOhms > e.TapMinOhms, "tap_min_ohms", $"tap range must satisfy 0 < min < max, not {e.TapMinOhms} .. {e.TapMaxOhms}");
        Check(e.DeadBand >= 0, "dead_band", $"must not be negative, not {e.DeadBand}");
        Check(e.Clock is "global" or "desync", "clock", $"must be global or desync, not '{e.Clock}'");
        Check(e.UpdateProbability is > 0 and <= 1, "update_probability", $"must be in (0, 1], not {e.UpdateProbability}");
        Check(e.PoissonRate is null or > 0, "poisson_rate", $"must be positive, not {e.PoissonRate}");
        Check(e.Engine is "actors" or "reference", "engine", $"must be actors or reference, not '{e.Engine}'");
        Check(e.Schedule is "clocked" or "async", "schedule", $"must be clocked or async, not '{e.Schedule}'");
        Check(e.Omega is > 0 and < 2, "omega", $"must be in (0, 2), not {e.Omega}");
        Check(e.Cluster is null || e.Engine == "actors", "cluster", "runs across cluster members need engine actors");
        // The actors nudge by a voltage clamp or a current; the central gradient step is not local and runs on the reference engine.
        Check(NudgeOf(e.Rule) != Nudge.Exact || e.Engine == "reference", "rule",
            $"{e.Rule} runs on the reference engine only (--engine reference): it is a central optimiser, not a local rule the actors could run");
        Check(e.Rule != Gradient || (e.TwinMismatch, e.ComparatorOffset, e.ComparatorNoise, e.UpdateNoise, e.Drift) == (0, 0, 0, 0, 0), "rule",
            "gradient is the ideal central optimiser: twin_mismatch, comparator_offset, comparator_noise, update_noise and drift model a local learner's hardware and do not apply to it");
        Check(e.Targets is null or "adaptive" or "fixed" or "differential", "targets", $"must be adaptive, fixed or differential, not '{e.Targets}'");
        Check(e.InputHigh > e.InputLow, "input_high", $"must exceed input_low ({e.InputLow}), not {e.InputHigh}");
        Check(e.TargetHigh > e.TargetLow, "target_high", $"must exceed target_low ({e.TargetLow}), not {e.TargetHigh}");
        Check(e.TargetMargin >= 0, "target_margin", $"must not be negative, not {e.TargetMargin}");
        Check(e.TrainPerClass >= 1, "train_per_class", $"must be at least 1, not {e.TrainPerClass}");
        Check(e.TrainFraction is > 0 and < 1, "train_fraction", $"must be in (0, 1), not {e.TrainFraction}");
        Check(e.InputCount >= 1 && e.OutputCount >= 1, "input_count", "input_count and output_count must be at least 1");
        Check(e.Tolerance > 0, "tolerance", $"must be positive, not {e.Tolerance}");
        Check(e.PhaseTimeLimit > 0 && double.IsFinite(e.PhaseTimeLimit), "phase_time_limit", $"must be a positive number of seconds, not {e.PhaseTimeLimit}");
        Check(e.CheckpointEvery >= 1, "checkpoint_every", $"must be at least 1, not {e.CheckpointEvery}");
        Check(e.Output.Length > 0, "output", "an output folder is needed");
        Check(e.Element is "resistor" or "transistor" or "mixed", "element", $"must be resistor, transistor or mixed, not '{e.Element}'");
        Check(e.TransistorShare is >= 0 and <= 1, "transistor_share", $"must be in [0, 1], not {e.TransistorShare}");
        Check(e.TransistorK > 0, "transistor_k", $"must be positive, not {e.TransistorK}");
        Check(e.SubthresholdSwing >= 0, "subthreshold_swing", $"must not be negative (0 for no leak), not {e.SubthresholdSwing}");
        Check(e.Gain > 0, "gain", $"must be positive, not {e.Gain}");
        Check(e.LearningTime > 0, "learning_time", $"must be positive, not {e.LearningTime}");
        Check(e.Rc > 0, "rc", $"must be positive, not {e.Rc}");
        Check(e.GateMax > e.GateMin, "gate_max", $"must exceed gate_min ({e.GateMin}), not {e.GateMax}");
        Check(e.GateInitHigh >= e.GateInitLow, "gate_init_high", $"must be at least gate_init_low ({e.GateInitLow}), not {e.GateInitHigh}");
        Check(e.Polynomial.Length == 3, "polynomial", $"a degree-2 polynomial has 3 coefficients (c0, c1, c2), not {e.Polynomial.Length}");
        Check(e.TrainCount >= 1, "train_count", $"must be at least 1, not {e.TrainCount}");
        Check(e.SampleCount >= 4, "sample_count", $"must be at least 4, not {e.SampleCount}");
        Check(e.DataNoise >= 0, "data_noise", $"must not be negative, not {e.DataNoise}");
        foreach (var (field, fraction) in new[] { ("cut_fraction", e.CutFraction), ("short_fraction", e.ShortFraction), ("stuck_fraction", e.StuckFraction),
                     ("dead_fraction", e.DeadFraction), ("straggler_fraction", e.StragglerFraction) })
            Check(fraction is >= 0 and <= 1, field, $"must be in [0, 1], not {fraction}");
        Check(e.DamageEpoch >= 0, "damage_epoch", $"must not be negative, not {e.DamageEpoch}");
        Check(e.DamageEpoch <= e.Epochs, "damage_epoch", $"must not exceed epochs ({e.Epochs}), not {e.DamageEpoch}");
        foreach (var (field, sigma) in new[] { ("twin_mismatch", e.TwinMismatch), ("comparator_offset", e.ComparatorOffset), ("comparator_noise", e.ComparatorNoise),
                     ("update_noise", e.UpdateNoise), ("drift", e.Drift), ("output_noise", e.OutputNoise), ("link_noise", e.LinkNoise) })
            Check(sigma >= 0, field, $"a standard deviation must not be negative, not {sigma}");
        Check(e.DriftUnit is "step" or "epoch", "drift_unit", $"must be step or epoch, not '{e.DriftUnit}'");
        Check(e.LinkOrder is "fifo" or "reorder", "link_order", $"must be fifo or reorder, not '{e.LinkOrder}'");
        Check(e.MessageLoss is >= 0 and < 1, "message_loss", $"must be in [0, 1), not {e.MessageLoss}");
        Check(e.StragglerFactor >= 1, "straggler_factor", $"must be at least 1, not {e.StragglerFactor}");
        Check(e.SettlingTime > 0, "settling_time", $"must be a positive number of seconds, not {e.SettlingTime}");
        // The circuit the run builds holds these values: the same bounds as a network file (CircuitLimits says why).
        // k_min and k_max bound what learning may reach; a run that overflows there stops as a failure, keeping its epochs.
        foreach (var (field, volts) in new[] { ("input_low", e.InputLow), ("input_high", e.InputHigh), ("target_low", e.TargetLow), ("target_high", e.TargetHigh),
                     ("gate_min", e.GateMin), ("gate_max", e.GateMax), ("gate_init_low", e.GateInitLow), ("gate_init_high", e.GateInitHigh) })
            if (CircuitLimits.Voltage(volts) is { } bad) throw Field(field, bad);
        foreach (var (field, siemens) in new[] { ("k_init_low", e.KInitLow), ("k_init_high", e.KInitHigh) })
            if (CircuitLimits.Conductance(siemens) is { } bad) throw Field(field, bad);
        foreach (var (field, ohms) in new[] { ("tap_min_ohms", e.TapMinOhms), ("tap_max_ohms", e.TapMaxOhms) })
            if (CircuitLimits.Resistance(ohms) is { } bad) throw Field(field, bad);
        if (CircuitLimits.TransistorK(e.TransistorK) is { } badK) throw Field("transistor_k", badK);
        if (e.Engine == "reference")
        {
            // Links exist only between actors: the reference engine solves each state exactly, at once.
            var asynchrony = new (string Field, bool Set)[]
            {
                ("link_delay", e.LinkDelay is not null), ("link_order", e.LinkOrder != "fifo"), ("message_loss", e.MessageLoss > 0),
                ("link_noise", e.LinkNoise > 0), ("straggler_fraction", e.StragglerFraction > 0),
            }.FirstOrDefault(a => a.Set);
            Check(asynchrony.Field is null, asynchrony.Field ?? "", "models the actors' links: use engine actors (the reference engine has none)");
        }
    }

    private static BadInputException Field(string field, string message) => new($"experiment field {field}: {message}");
}
