namespace Clln.Core.Experiments;

/// <summary>
/// Everything that defines a training run. Each property is a field of the experiment file and a
/// flag of `clln train` (see <see cref="ExperimentFields"/>); the defaults are the embedded default
/// run: Iris on the lab's 4x4 periodic lattice with the continuous rule and a global clock.
/// </summary>
public sealed record Experiment
{
    /// <summary>"lattice:4x4" (periodic), "lattice:4x4:open", "random:NODES:EDGES", or "file:PATH" (a network file).</summary>
    public string Topology { get; init; } = "lattice:4x4";

    /// <summary>
    /// iris, allostery, linear-regression, csv (with <see cref="Data"/> and <see cref="Label"/>),
    /// nonlinear-regression (y = c0 + c1 u + c2 u^2, see <see cref="Polynomial"/>), or the
    /// nonlinear classifications xor and moons (2 inputs, 2 fixed voltages, O = O+ - O-).
    /// </summary>
    public string Task { get; init; } = "iris";

    public string? Data { get; init; }

    public string? Label { get; init; }

    /// <summary>Training samples of each class (classification); the rest are for testing.</summary>
    public int TrainPerClass { get; init; } = 10;

    /// <summary>Share of samples used for training (regression from a CSV file).</summary>
    public double TrainFraction { get; init; } = 0.5;

    /// <summary>Input nodes by name; drawn from the seed when absent.</summary>
    public string[]? Inputs { get; init; }

    public string[]? Outputs { get; init; }

    public string? Ground { get; init; }

    public string[]? BiasNodes { get; init; }

    /// <summary>
    /// Volts of the fixed bias sources; their count is the number of bias nodes. Empty means the
    /// task's own: none, except 1.5 V for nonlinear-regression and +1 V and 0 V (the + and - sources) for xor and moons.
    /// </summary>
    public double[] BiasVolts { get; init; } = [];

    /// <summary>Volts that the smallest and largest value of each feature map to.</summary>
    public double InputLow { get; init; } = 0.0;

    public double InputHigh { get; init; } = 1.0;

    /// <summary>Number of outputs for regression tasks made up by the program (allostery, linear regression).</summary>
    public int OutputCount { get; init; } = 2;

    /// <summary>Number of inputs for regression tasks made up by the program.</summary>
    public int InputCount { get; init; } = 3;

    /// <summary>
    /// Class targets: fixed, adaptive (re-set each epoch from the network's outputs, as the lab did),
    /// or differential (two classes: decide by the sign of O = O+ - O-, clamp O+ and O- symmetrically
    /// about their own common level toward O = +-target_margin). Empty means the task's own:
    /// differential for xor and moons, adaptive otherwise.
    /// </summary>
    public string? Targets { get; init; }

    /// <summary>Volts for one-hot class targets: the class's own output high, the others low.</summary>
    public double TargetLow { get; init; } = 0.3;

    public double TargetHigh { get; init; } = 0.6;

    /// <summary>Volts by which adaptive targets are pushed apart; with differential targets, the difference O+ - O- asked of each class (+ for the first, - for the second).</summary>
    public double TargetMargin { get; init; } = 0.02;

    /// <summary>continuous or potentiometer (resistor edges), or gate (transistor and mixed networks).</summary>
    public string Rule { get; init; } = "continuous";

    /// <summary>The edges: resistor (Gen 1), transistor (Gen 2), or mixed (each edge a transistor with probability <see cref="TransistorShare"/>).</summary>
    public string Element { get; init; } = "resistor";

    /// <summary>Mixed networks: the probability that an edge is a transistor (drawn from the seed).</summary>
    public double TransistorShare { get; init; } = 0.5;

    /// <summary>Transistor threshold V_t, volts.</summary>
    public double Threshold { get; init; } = Elements.Transistor.LabThreshold;

    /// <summary>Transistor K = KP W/L, amps per volt squared.</summary>
    public double TransistorK { get; init; } = Elements.Transistor.LabK;

    /// <summary>Transistor subthreshold leak, volts per decade (the lab's 0.1); 0 for a hard cut-off.</summary>
    public double SubthresholdSwing { get; init; } = Elements.Transistor.LabSubthresholdSwing;

    /// <summary>Gate rule: the edge circuit's gain, per volt (dV_G = t_learn/RC gain contrast).</summary>
    public double Gain { get; init; } = 10;

    /// <summary>Gate rule: t_learn, seconds of gate charging per update.</summary>
    public double LearningTime { get; init; } = Learning.GateRule.LabLearningTime;

    /// <summary>Gate rule: RC of the gate capacitor's charging, seconds.</summary>
    public double Rc { get; init; } = Learning.GateRule.LabRc;

    /// <summary>Gate voltage range, volts: learning clips V_G to it.</summary>
    public double GateMin { get; init; } = 0.0;

    public double GateMax { get; init; } = 4.0;

    /// <summary>
    /// Initial gate voltages are drawn uniformly in [gate_init_low, gate_init_high] volts: overdrives
    /// of 0.4 V to 1.4 V, comparable to the node voltages, so the square law bends the response.
    /// </summary>
    public double GateInitLow { get; init; } = 1.0;

    public double GateInitHigh { get; init; } = 2.0;

    /// <summary>nonlinear-regression: c0, c1, c2 (volts) of the target c0 + c1 u + c2 u^2, u the input mapped to [-1, 1].</summary>
    public double[] Polynomial { get; init; } = [0.4, 0.15, -0.05];

    /// <summary>nonlinear-regression: training inputs, drawn uniformly over the input range from the seed (the test set is a 41-point grid).</summary>
    public int TrainCount { get; init; } = 20;

    /// <summary>Samples drawn for xor and moons (training: train_per_class of each class; the rest test).</summary>
    public int SampleCount { get; init; } = 200;

    /// <summary>xor and moons: standard deviation of the points around their blobs or arcs (the data's own units, blobs 2 apart).</summary>
    public double DataNoise { get; init; } = 0.3;

    /// <summary>Nudge amplitude: the clamp is V_F + eta (V_T - V_F).</summary>
    public double Eta { get; init; } = 0.5;

    /// <summary>Learning rate of the continuous rule, siemens per volt squared.</summary>
    public double Alpha { get; init; } = 0.01;

    /// <summary>
    /// Training steps per update: 1 learns after every sample (the lab's way); more, and each edge
    /// adds up its contrasts over that many samples at the same conductances and updates once from
    /// their mean (mini-batch coupled learning; an epoch's last batch may be shorter).
    /// </summary>
    public int BatchSize { get; init; } = 1;

    /// <summary>
    /// Power-efficient learning: the weight lambda in [0, 1) with which each edge discounts its
    /// free drop's square against the clamped one's, so that learning also lowers the power the
    /// network dissipates (0: plain coupled learning).
    /// </summary>
    public double PowerWeight { get; init; }

    /// <summary>
    /// quasistatic: edges learn from certified equilibria, after each phase (the lab's limit);
    /// continuous: edges integrate their update while the twins relax (reference engine).
    /// </summary>
    public string LearningMode { get; init; } = "quasistatic";

    /// <summary>Continuous learning: relaxation times per training step, the learning time scale over the relaxation time scale.</summary>
    public double TimescaleRatio { get; init; } = 1000;

    /// <summary>Conductance bounds of the continuous rule, siemens.</summary>
    public double KMin { get; init; } = 1e-5;

    public double KMax { get; init; } = 0.1;

    /// <summary>Initial conductances are drawn uniformly in [k_init_low, k_init_high] siemens.</summary>
    public double KInitLow { get; init; } = 0.5e-3;

    public double KInitHigh { get; init; } = 1.5e-3;

    /// <summary>Potentiometer ladder: number of taps, range in ohms, spacing (log or linear).</summary>
    public int Taps { get; init; } = 100;

    public double TapMinOhms { get; init; } = 40;

    public double TapMaxOhms { get; init; } = 32_000;

    public string TapSpacing { get; init; } = "log";

    /// <summary>Comparator offset of the potentiometer rule, volts squared: no move inside it.</summary>
    public double DeadBand { get; init; } = 0.0;

    /// <summary>global, or desync (each edge on its own random clock).</summary>
    public string Clock { get; init; } = "global";

    /// <summary>Desynchronous clock: probability an edge updates at a step.</summary>
    public double UpdateProbability { get; init; } = 0.5;

    /// <summary>Desynchronous clock as a Poisson process: updates per step (overrides the probability when set).</summary>
    public double? PoissonRate { get; init; }

    // Damage (docs/experiments.md). Precedence when one edge is drawn twice: dead node, cut, short, stuck.

    /// <summary>Share of edges cut (open circuit: the edge is removed), 0 to 1, drawn from the seed.</summary>
    public double CutFraction { get; init; }

    /// <summary>Edges cut by name (besides <see cref="CutFraction"/>).</summary>
    public string[]? CutEdges { get; init; }

    /// <summary>Share of edges shorted, 0 to 1: conductance at k_max (a potentiometer on its lowest-resistance tap, a transistor's gate at gate_max); a short cannot learn.</summary>
    public double ShortFraction { get; init; }

    public string[]? ShortEdges { get; init; }

    /// <summary>Share of edges stuck, 0 to 1: they keep their value and cannot learn.</summary>
    public double StuckFraction { get; init; }

    public string[]? StuckEdges { get; init; }

    /// <summary>Share of the free nodes (neither held nor outputs) that die, 0 to 1: the node and its edges are gone.</summary>
    public double DeadFraction { get; init; }

    /// <summary>Nodes that die, by name: free nodes only (a dead source or output would change the task, not the network).</summary>
    public string[]? DeadNodes { get; init; }

    /// <summary>
    /// Finished epochs when the damage strikes: 0 before the first evaluation, d after epoch d's
    /// (metrics.csv then has a second row for epoch d, damage = 1, measured right after it).
    /// </summary>
    public int DamageEpoch { get; init; }

    // Imperfections of the learning hardware (both engines).

    /// <summary>Twin mismatch: standard deviation of ln(clamped / free) of each edge's fixed conductance factor (dimensionless; 0.1 is about 10 %).</summary>
    public double TwinMismatch { get; init; }

    /// <summary>Comparator offset: standard deviation of each edge's fixed offset added to its contrast (dV_F)^2 - (dV_C)^2, volts squared.</summary>
    public double ComparatorOffset { get; init; }

    /// <summary>Comparator noise: standard deviation of fresh noise added to the contrast at every update, volts squared.</summary>
    public double ComparatorNoise { get; init; }

    /// <summary>Update noise: standard deviation of the noise added to the learned value at every update, as a fraction of its range (k_max - k_min siemens, gate_max - gate_min volts, or the taps).</summary>
    public double UpdateNoise { get; init; }

    /// <summary>Drift: standard deviation of the random walk of every learning edge's value, as a fraction of its range, per <see cref="DriftUnit"/>.</summary>
    public double Drift { get; init; }

    /// <summary>step (every training step) or epoch (once an epoch, at its last step): the time unit of <see cref="Drift"/>.</summary>
    public string DriftUnit { get; init; } = "step";

    /// <summary>Measurement noise at the outputs: standard deviation of the noise on every output reading, volts (the clamp is computed from the noisy reading).</summary>
    public double OutputNoise { get; init; }

    // Asynchrony of the emulated hardware (engine actors only).

    /// <summary>Delay of every node-edge message: fixed:2ms, uniform:0-5ms or exp:1ms (units us, ms, s); none when absent.</summary>
    public string? LinkDelay { get; init; }

    /// <summary>fifo (links keep order) or reorder (each message's delay drawn on its own).</summary>
    public string LinkOrder { get; init; } = "fifo";

    /// <summary>Probability that a transmission of a node-edge message is lost, in [0, 1); the link layer sends it again (docs/experiments.md).</summary>
    public double MessageLoss { get; init; }

    /// <summary>Noise of every reading an actor takes through a link, volts (a phase then settles only to the noise floor).</summary>
    public double LinkNoise { get; init; }

    /// <summary>Share of nodes that are stragglers, 0 to 1, drawn from the seed.</summary>
    public double StragglerFraction { get; init; }

    /// <summary>A straggler's outgoing messages take this many times the link delay (link_delay, or fixed:1ms when none is set); at least 1.</summary>
    public double StragglerFactor { get; init; } = 10;

    // Energy.

    /// <summary>Assumed settling time of one inference, seconds: energy per parameter per inference = free power x this / learning edges.</summary>
    public double SettlingTime { get; init; } = 1e-6;

    public int Epochs { get; init; } = 100;

    public int Seed { get; init; } = 1;

    /// <summary>actors (the emulation) or reference (exact solves).</summary>
    public string Engine { get; init; } = "actors";

    /// <summary>Actor relaxation schedule: clocked or async.</summary>
    public string Schedule { get; init; } = "clocked";

    /// <summary>Relaxation tolerance of the actor engine, volts.</summary>
    public double Tolerance { get; init; } = 1e-9;

    /// <summary>
    /// Seconds an actor relaxation phase may run before the run stops (keeping its finished
    /// epochs, the cause in summary.json): the user's bound on a phase that will not settle.
    /// </summary>
    public double PhaseTimeLimit { get; init; } = 1800;

    /// <summary>
    /// A cluster-config HOCON file (see cluster-config/): the actors run on the cluster's
    /// members and this process joins as the coordinator. Unset: one process, no cluster.
    /// </summary>
    public string? Cluster { get; init; }

    /// <summary>Checkpoint every this many epochs.</summary>
    public int CheckpointEvery { get; init; } = 10;

    /// <summary>
    /// Folder for the results. Left at <see cref="DefaultOutput"/>, `clln train` makes a new folder
    /// runs/NAME-TIMESTAMP for the run and points runs/latest at it.
    /// </summary>
    public string Output { get; init; } = DefaultOutput;

    /// <summary>The output when none is given: the link to the newest run, never written into.</summary>
    public const string DefaultOutput = "runs/latest";
}
