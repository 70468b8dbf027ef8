namespace Clln.Core.Experiments;

/// <summary>
/// Everything that defines a training run. Each property is a field of the experiment file and a
/// flag of `clln train` (see <see cref="ExperimentFields"/>); the defaults are the embedded default
/// run: Iris on the lab's 4x4 periodic lattice with the continuous rule and a global clock.
/// </summary>
public sealed record Experiment
{
    /// <summary>"lattice:4x4" (periodic), "lattice:4x4:open", "random:NODES:EDGES", or "file:PATH" (a network file).</summary>
    [Field("the network: a lattice, a random graph or a network file", Range = "lattice:RxC[:open], random:NODES:EDGES, file:PATH")]
    public string Topology { get; init; } = "lattice:4x4";

    /// <summary>
    /// iris, allostery, linear-regression, csv (with <see cref="Data"/> and <see cref="Label"/>),
    /// nonlinear-regression (y = c0 + c1 u + c2 u^2, see <see cref="Polynomial"/>), or the
    /// nonlinear classifications xor and moons (2 inputs, 2 fixed voltages, O = O+ - O-).
    /// </summary>
    [Field("what the network learns", Range = "iris, allostery, linear-regression, nonlinear-regression, csv, xor, moons")]
    public string Task { get; init; } = "iris";

    [Field("the CSV file of task csv", Range = "a path")]
    public string? Data { get; init; }

    [Field("the CSV column a csv task predicts", Range = "a column name")]
    public string? Label { get; init; }

    /// <summary>Training samples of each class (classification); the rest are for testing.</summary>
    [Field("training samples of each class (classification); the rest test", Range = ">= 1")]
    public int TrainPerClass { get; init; } = 10;

    /// <summary>Share of samples used for training (regression from a CSV file).</summary>
    [Field("share of a CSV file's samples used for training (regression)", Range = "(0, 1)")]
    public double TrainFraction { get; init; } = 0.5;

    /// <summary>Input nodes by name; drawn from the seed when absent.</summary>
    [Field("input nodes by name; drawn from the seed when unset", Range = "node names")]
    public string[]? Inputs { get; init; }

    [Field("output nodes by name; drawn from the seed when unset", Range = "node names")]
    public string[]? Outputs { get; init; }

    [Field("the ground node by name; drawn from the seed when unset", Range = "a node name")]
    public string? Ground { get; init; }

    [Field("nodes held at the fixed bias voltages, by name; drawn from the seed when unset", Range = "node names")]
    public string[]? BiasNodes { get; init; }

    /// <summary>
    /// Volts of the fixed bias sources; their count is the number of bias nodes. Empty means the
    /// task's own: none, except 1.5 V for nonlinear-regression and +1 V and 0 V (the + and - sources) for xor and moons.
    /// </summary>
    [Field("voltages of the fixed bias sources, one per bias node; empty: the task's own", Unit = "V")]
    public double[] BiasVolts { get; init; } = [];

    /// <summary>Volts that the smallest and largest value of each feature map to.</summary>
    [Field("voltage the smallest value of each feature maps to", Unit = "V")]
    public double InputLow { get; init; } = 0.0;

    [Field("voltage the largest value of each feature maps to", Unit = "V", Range = "> input_low")]
    public double InputHigh { get; init; } = 1.0;

    /// <summary>Number of outputs for regression tasks made up by the program (allostery, linear regression).</summary>
    [Field("outputs of a made-up regression task (allostery, linear-regression)", Range = ">= 1")]
    public int OutputCount { get; init; } = 2;

    /// <summary>
    /// The seed of a made-up task's teacher (the network whose responses are the targets); null:
    /// the task's own seed. Tasks of a list with one teacher and their own seeds differ only in
    /// their inputs, so a network can hold them all at once (the teacher does).
    /// </summary>
    [Field("seed of a made-up task's teacher network (allostery, linear-regression); tasks of a list with one teacher can all be learned at once (default: the task's seed)", Range = "any integer")]
    public int? TeacherSeed { get; init; }

    /// <summary>Number of inputs for regression tasks made up by the program.</summary>
    [Field("inputs of a made-up regression task", Range = ">= 1")]
    public int InputCount { get; init; } = 3;

    /// <summary>
    /// Class targets: fixed, adaptive (re-set each epoch from the network's outputs, as the lab did),
    /// or differential (a pair of outputs a class, one pair for two classes: decide by the largest
    /// O = O+ - O-, or with one pair its sign; clamp each pair short of its margin symmetrically about
    /// its own common level toward O = +-target_margin). Empty means the task's own:
    /// differential for xor and moons, adaptive otherwise.
    /// </summary>
    [Field("class targets; differential: a pair of outputs a class (one for two classes), decided by the largest O+ - O-; unset: differential for xor and moons, adaptive otherwise", Range = "fixed, adaptive, differential")]
    public string? Targets { get; init; }

    /// <summary>Volts for one-hot class targets: the class's own output high, the others low.</summary>
    [Field("voltage of a one-hot class target's low outputs", Unit = "V")]
    public double TargetLow { get; init; } = 0.3;

    [Field("voltage of a one-hot class target's own output", Unit = "V", Range = "> target_low")]
    public double TargetHigh { get; init; } = 0.6;

    /// <summary>Volts by which adaptive targets are pushed apart; with differential targets, the difference O+ - O- asked of each class (+ for the first, - for the second).</summary>
    [Field("how far adaptive targets are pushed apart; differential: the O+ - O- asked of each class", Unit = "V", Range = ">= 0")]
    public double TargetMargin { get; init; } = 0.02;

    /// <summary>continuous or potentiometer (resistor edges), or gate (transistor and mixed networks).</summary>
    [Field("the learning rule of the edges; equilibrium-propagation and gradient are baselines on the reference engine", Range = "continuous, potentiometer, equilibrium-propagation, gradient (resistors); gate (transistors)")]
    public string Rule { get; init; } = "continuous";

    /// <summary>The edges: resistor (Gen 1), transistor (Gen 2), or mixed (each edge a transistor with probability <see cref="TransistorShare"/>).</summary>
    [Field("the edges' element; mixed: each a transistor with probability transistor_share", Range = "resistor, transistor, mixed")]
    public string Element { get; init; } = "resistor";

    /// <summary>Mixed networks: the probability that an edge is a transistor (drawn from the seed).</summary>
    [Field("mixed networks: probability that an edge is a transistor", Range = "[0, 1]")]
    public double TransistorShare { get; init; } = 0.5;

    /// <summary>Transistor threshold V_t, volts.</summary>
    [Field("transistor threshold V_t", Unit = "V")]
    public double Threshold { get; init; } = Elements.Transistor.LabThreshold;

    /// <summary>Transistor K = KP W/L, amps per volt squared.</summary>
    [Field("transistor K = KP W/L", Unit = "A/V^2", Range = "> 0")]
    public double TransistorK { get; init; } = Elements.Transistor.LabK;

    /// <summary>Transistor subthreshold leak, volts per decade (the lab's 0.1); 0 for a hard cut-off.</summary>
    [Field("transistor subthreshold leak per decade; 0 for a hard cut-off", Unit = "V/decade", Range = ">= 0")]
    public double SubthresholdSwing { get; init; } = Elements.Transistor.LabSubthresholdSwing;

    /// <summary>Gate rule: the edge circuit's gain, per volt (dV_G = t_learn/RC gain contrast).</summary>
    [Field("gate rule: the edge circuit's gain (dV_G = t_learn/RC gain contrast)", Unit = "1/V", Range = "> 0")]
    public double Gain { get; init; } = 10;

    /// <summary>Gate rule: t_learn, seconds of gate charging per update.</summary>
    [Field("gate rule: t_learn, gate charging time per update", Unit = "s", Range = "> 0")]
    public double LearningTime { get; init; } = Learning.GateRule.LabLearningTime;

    /// <summary>Gate rule: RC of the gate capacitor's charging, seconds.</summary>
    [Field("gate rule: RC of the gate capacitor's charging", Unit = "s", Range = "> 0")]
    public double Rc { get; init; } = Learning.GateRule.LabRc;

    /// <summary>Gate voltage range, volts: learning clips V_G to it.</summary>
    [Field("lowest gate voltage: learning clips V_G to [gate_min, gate_max]", Unit = "V")]
    public double GateMin { get; init; } = 0.0;

    [Field("highest gate voltage", Unit = "V", Range = "> gate_min")]
    public double GateMax { get; init; } = 4.0;

    /// <summary>
    /// Initial gate voltages are drawn uniformly in [gate_init_low, gate_init_high] volts: overdrives
    /// of 0.4 V to 1.4 V, comparable to the node voltages, so the square law bends the response.
    /// </summary>
    [Field("lower end of the uniform draw of initial gate voltages", Unit = "V")]
    public double GateInitLow { get; init; } = 1.0;

    [Field("upper end of the uniform draw of initial gate voltages", Unit = "V", Range = ">= gate_init_low")]
    public double GateInitHigh { get; init; } = 2.0;

    /// <summary>nonlinear-regression: c0, c1, c2 (volts) of the target c0 + c1 u + c2 u^2, u the input mapped to [-1, 1].</summary>
    [Field("nonlinear-regression: c0, c1, c2 of the target c0 + c1 u + c2 u^2 (u in [-1, 1])", Unit = "V", Range = "3 numbers")]
    public double[] Polynomial { get; init; } = [0.4, 0.15, -0.05];

    /// <summary>nonlinear-regression: training inputs, drawn uniformly over the input range from the seed (the test set is a 41-point grid).</summary>
    [Field("nonlinear-regression: training inputs drawn from the seed", Range = ">= 1")]
    public int TrainCount { get; init; } = 20;

    /// <summary>Samples drawn for xor and moons (training: train_per_class of each class; the rest test).</summary>
    [Field("xor and moons: samples drawn", Range = ">= 4")]
    public int SampleCount { get; init; } = 200;

    /// <summary>xor and moons: standard deviation of the points around their blobs or arcs (the data's own units, blobs 2 apart).</summary>
    [Field("xor and moons: standard deviation of the points about their blobs or arcs", Unit = "data units", Range = ">= 0")]
    public double DataNoise { get; init; } = 0.3;

    /// <summary>Nudge amplitude: the clamp is V_F + eta (V_T - V_F).</summary>
    [Field("nudge amplitude: the clamp is V_F + eta (V_T - V_F), past the target above 1 (overclamping, which shrinks a learning bias against the learning signal); for equilibrium-propagation, the siemens tying each output to its target", Range = "(0, 10]")]
    public double Eta { get; init; } = 0.5;

    /// <summary>Learning rate of the continuous rule, siemens per volt squared.</summary>
    [Field("learning rate of the continuous rule", Unit = "S/V^2", Range = "> 0")]
    public double Alpha { get; init; } = 0.01;

    /// <summary>
    /// Training steps per update: 1 learns after every sample (the lab's way); more, and each edge
    /// adds up its contrasts over that many samples at the same conductances and updates once from
    /// their mean (mini-batch coupled learning; an epoch's last batch may be shorter).
    /// </summary>
    [Field("training samples per update: each edge adds up its contrasts over a batch and updates once from their mean (1: after every sample)", Range = ">= 1")]
    public int BatchSize { get; init; } = 1;

    /// <summary>
    /// Power-efficient learning: the weight lambda in [0, 1) with which each edge discounts its
    /// free drop's square against the clamped one's, so that learning also lowers the power the
    /// network dissipates (0: plain coupled learning).
    /// </summary>
    [Field("power-efficient learning: the weight lambda with which each edge discounts its free drop's square, so learning also lowers the dissipated power (0: plain coupled learning)", Range = "[0, 1)")]
    public double PowerWeight { get; init; }

    /// <summary>
    /// quasistatic: edges learn from certified equilibria, after each phase (the lab's limit);
    /// continuous: edges integrate their update while the twins relax (both engines; the actors tick
    /// the relaxation dynamics in Euler steps, whatever the schedule).
    /// </summary>
    [Field("quasistatic: edges learn from settled states after each phase; continuous: edges integrate their update while the twins relax (on the actors, ticked in Euler steps whatever the schedule)", Range = "quasistatic, continuous")]
    public string LearningMode { get; init; } = "quasistatic";

    /// <summary>Continuous learning: relaxation times per training step, the learning time scale over the relaxation time scale.</summary>
    [Field("continuous learning: relaxation times per training step (the learning time scale over the relaxation time scale)", Unit = "relaxation times", Range = "> 0")]
    public double TimescaleRatio { get; init; } = 1000;

    /// <summary>Conductance bounds of the continuous rule, siemens.</summary>
    [Field("lower conductance bound of the continuous rule", Unit = "S", Range = "> 0")]
    public double KMin { get; init; } = 1e-5;

    [Field("upper conductance bound of the continuous rule", Unit = "S", Range = "> k_min")]
    public double KMax { get; init; } = 0.1;

    /// <summary>Initial conductances are drawn uniformly in [k_init_low, k_init_high] siemens.</summary>
    [Field("lower end of the uniform draw of initial conductances", Unit = "S", Range = "> 0")]
    public double KInitLow { get; init; } = 0.5e-3;

    [Field("upper end of the uniform draw of initial conductances", Unit = "S", Range = ">= k_init_low")]
    public double KInitHigh { get; init; } = 1.5e-3;

    /// <summary>Potentiometer ladder: number of taps, range in ohms, spacing (log or linear).</summary>
    [Field("potentiometer ladder: number of taps", Range = ">= 2")]
    public int Taps { get; init; } = 100;

    [Field("potentiometer ladder: lowest resistance", Unit = "ohm", Range = "> 0")]
    public double TapMinOhms { get; init; } = 40;

    [Field("potentiometer ladder: highest resistance", Unit = "ohm", Range = "> tap_min_ohms")]
    public double TapMaxOhms { get; init; } = 32_000;

    [Field("potentiometer ladder: spacing of the taps", Range = "log, linear")]
    public string TapSpacing { get; init; } = "log";

    /// <summary>Comparator offset of the potentiometer rule, volts squared: no move inside it.</summary>
    [Field("potentiometer rule: comparator offset inside which no tap moves", Unit = "V^2", Range = ">= 0")]
    public double DeadBand { get; init; } = 0.0;

    /// <summary>global, or desync (each edge on its own random clock).</summary>
    [Field("the learning clock: global, or desync (each edge on its own random clock)", Range = "global, desync")]
    public string Clock { get; init; } = "global";

    /// <summary>Desynchronous clock: probability an edge updates at a step.</summary>
    [Field("desync clock: probability that an edge updates at a step", Range = "(0, 1]")]
    public double UpdateProbability { get; init; } = 0.5;

    /// <summary>Desynchronous clock as a Poisson process: updates per step (overrides the probability when set).</summary>
    [Field("desync clock as a Poisson process: updates per step (overrides update_probability)", Unit = "1/step", Range = "> 0")]
    public double? PoissonRate { get; init; }

    // Damage (docs/experiments.md). Precedence when one edge is drawn twice: dead node, cut, short, stuck.

    /// <summary>Share of edges cut (open circuit: the edge is removed), 0 to 1, drawn from the seed.</summary>
    [Field("damage: share of edges cut (removed), drawn from the seed", Range = "[0, 1]")]
    public double CutFraction { get; init; }

    /// <summary>Edges cut by name (besides <see cref="CutFraction"/>).</summary>
    [Field("damage: edges cut, by name", Range = "edge names")]
    public string[]? CutEdges { get; init; }

    /// <summary>Share of edges shorted, 0 to 1: conductance at k_max (a potentiometer on its lowest-resistance tap, a transistor's gate at gate_max); a short cannot learn.</summary>
    [Field("damage: share of edges shorted (conductance at its maximum; cannot learn)", Range = "[0, 1]")]
    public double ShortFraction { get; init; }

    [Field("damage: edges shorted, by name", Range = "edge names")]
    public string[]? ShortEdges { get; init; }

    /// <summary>Share of edges stuck, 0 to 1: they keep their value and cannot learn.</summary>
    [Field("damage: share of edges stuck at their value (cannot learn)", Range = "[0, 1]")]
    public double StuckFraction { get; init; }

    [Field("damage: edges stuck, by name", Range = "edge names")]
    public string[]? StuckEdges { get; init; }

    /// <summary>Share of the free nodes (neither held nor outputs) that die, 0 to 1: the node and its edges are gone.</summary>
    [Field("damage: share of the free nodes that die with their edges", Range = "[0, 1]")]
    public double DeadFraction { get; init; }

    /// <summary>Nodes that die, by name: free nodes only (a dead source or output would change the task, not the network).</summary>
    [Field("damage: free nodes that die, by name", Range = "node names")]
    public string[]? DeadNodes { get; init; }

    /// <summary>
    /// Finished epochs when the damage strikes: 0 before the first evaluation, d after epoch d's
    /// (metrics.csv then has a second row for epoch d, damage = 1, measured right after it).
    /// </summary>
    [Field("finished epochs when the damage strikes (0: before the first evaluation)", Unit = "epochs", Range = "[0, epochs]")]
    public int DamageEpoch { get; init; }

    // Imperfections of the learning hardware (both engines).

    /// <summary>Twin mismatch: standard deviation of ln(clamped / free) of each edge's fixed conductance factor (dimensionless; 0.1 is about 10 %).</summary>
    [Field("standard deviation of ln(clamped/free) of each edge's fixed twin conductance factor", Range = ">= 0")]
    public double TwinMismatch { get; init; }

    /// <summary>Comparator offset: standard deviation of each edge's fixed offset added to its contrast (dV_F)^2 - (dV_C)^2, volts squared.</summary>
    [Field("standard deviation of each edge's fixed offset added to its contrast", Unit = "V^2", Range = ">= 0")]
    public double ComparatorOffset { get; init; }

    /// <summary>Comparator noise: standard deviation of fresh noise added to the contrast at every update, volts squared.</summary>
    [Field("standard deviation of fresh noise added to the contrast at every update", Unit = "V^2", Range = ">= 0")]
    public double ComparatorNoise { get; init; }

    /// <summary>Update noise: standard deviation of the noise added to the learned value at every update, as a fraction of its range (k_max - k_min siemens, gate_max - gate_min volts, or the taps).</summary>
    [Field("standard deviation of noise added to the learned value at every update, as a share of its range", Range = ">= 0")]
    public double UpdateNoise { get; init; }

    /// <summary>Drift: standard deviation of the random walk of every learning edge's value, as a fraction of its range, per <see cref="DriftUnit"/>.</summary>
    [Field("standard deviation of each learning edge's random walk per drift_unit, as a share of its range", Range = ">= 0")]
    public double Drift { get; init; }

    /// <summary>step (every training step) or epoch (once an epoch, at its last step): the time unit of <see cref="Drift"/>.</summary>
    [Field("the time unit of drift", Range = "step, epoch")]
    public string DriftUnit { get; init; } = "step";

    /// <summary>Measurement noise at the outputs: standard deviation of the noise on every output reading, volts (the clamp is computed from the noisy reading).</summary>
    [Field("standard deviation of the noise on every output reading", Unit = "V", Range = ">= 0")]
    public double OutputNoise { get; init; }

    // Asynchrony of the emulated hardware (engine actors only).

    /// <summary>Delay of every node-edge message: fixed:2ms, uniform:0-5ms or exp:1ms (units us, ms, s); none when absent.</summary>
    [Field("delay of every node-edge message (engine actors); unset: none", Range = "fixed:2ms, uniform:0-5ms, exp:1ms (us, ms, s)")]
    public string? LinkDelay { get; init; }

    /// <summary>fifo (links keep order) or reorder (each message's delay drawn on its own).</summary>
    [Field("whether links keep order (engine actors)", Range = "fifo, reorder")]
    public string LinkOrder { get; init; } = "fifo";

    /// <summary>Probability that a transmission of a node-edge message is lost, in [0, 1); the link layer sends it again (docs/experiments.md).</summary>
    [Field("probability that a transmission of a node-edge message is lost and sent again (engine actors)", Range = "[0, 1)")]
    public double MessageLoss { get; init; }

    /// <summary>Noise of every reading an actor takes through a link, volts (a phase then settles only to the noise floor).</summary>
    [Field("noise of every reading an actor takes through a link (engine actors)", Unit = "V", Range = ">= 0")]
    public double LinkNoise { get; init; }

    /// <summary>Share of nodes that are stragglers, 0 to 1, drawn from the seed.</summary>
    [Field("share of nodes that are stragglers, drawn from the seed (engine actors)", Range = "[0, 1]")]
    public double StragglerFraction { get; init; }

    /// <summary>A straggler's outgoing messages take this many times the link delay (link_delay, or fixed:1ms when none is set); at least 1.</summary>
    [Field("how many times the link delay a straggler's messages take", Range = ">= 1")]
    public double StragglerFactor { get; init; } = 10;

    // Energy.

    /// <summary>Assumed settling time of one inference, seconds: energy per parameter per inference = free power x this / learning edges.</summary>
    [Field("assumed settling time of one inference, for the energy per parameter", Unit = "s", Range = "> 0")]
    public double SettlingTime { get; init; } = 1e-6;

    [Field("epochs to train (with tasks: the sum of the tasks' epochs, set from them)", Range = ">= 1")]
    public int Epochs { get; init; } = 100;

    /// <summary>Tasks trained one after another on the same network (see <see cref="TaskSequence"/>); null: the run's own task alone.</summary>
    [Field("tasks trained one after another on the same network, each over the run's fields: in a file a list of objects, on the command line entries like name=B;seed=2;epochs=40 separated by commas (docs/experiments.md)",
        Range = "fields name, task, data, label, epochs (required), seed, teacher_seed, train_fraction, train_per_class, train_count, sample_count, data_noise, input_low, input_high, input_count, output_count, targets, target_low, target_high, target_margin")]
    public string[]? Tasks { get; init; }

    [Field("times the task list is trained in turn: above 1 the tasks alternate, A B A B ..., as in the lab's limit-cycle experiments; 0: as many turns as fit in epochs (needs tasks)", Range = ">= 0")]
    public int TaskCycles { get; init; } = 1;

    [Field("epochs every listed task trains in each turn, in place of their own (0: their own)", Range = ">= 0")]
    public int TaskEpochs { get; init; }

    [Field("the seed of every random choice", Range = "any integer")]
    public int Seed { get; init; } = 1;

    /// <summary>actors (the emulation) or reference (exact solves).</summary>
    [Field("actors (the emulation) or reference (exact solves)", Range = "actors, reference")]
    public string Engine { get; init; } = "actors";

    /// <summary>Actor relaxation schedule: clocked or async.</summary>
    [Field("actor relaxation: a barrier per sweep, or free-running", Range = "clocked, async")]
    public string Schedule { get; init; } = "clocked";

    [Field("over-relaxation of the actors' node steps: 1 steps each node to its local solution; up to 2 overshoots it, which the clocked schedule (colour by colour) turns into far fewer sweeps on large networks; the free-running schedule may diverge above 1", Range = "(0, 2)")]
    public double Omega { get; init; } = 1;

    /// <summary>Relaxation tolerance of the actor engine, volts.</summary>
    [Field("certified distance of an actor relaxation to the exact equilibrium", Unit = "V", Range = "> 0")]
    public double Tolerance { get; init; } = 1e-9;

    /// <summary>
    /// Seconds an actor relaxation phase may run before the run stops (keeping its finished
    /// epochs, the cause in summary.json): the user's bound on a phase that will not settle.
    /// </summary>
    [Field("time a relaxation phase may run before the run stops, keeping its finished epochs", Unit = "s", Range = "> 0")]
    public double PhaseTimeLimit { get; init; } = 1800;

    /// <summary>
    /// A cluster-config HOCON file (see cluster-config/): the actors run on the cluster's
    /// members and this process joins as the coordinator. Unset: one process, no cluster.
    /// </summary>
    [Field("a cluster-config HOCON file: run the actors on the cluster's members; unset: one process", Range = "a path")]
    public string? Cluster { get; init; }

    /// <summary>Checkpoint every this many epochs.</summary>
    [Field("write a checkpoint every this many epochs", Unit = "epochs", Range = ">= 1")]
    public int CheckpointEvery { get; init; } = 10;

    /// <summary>
    /// Folder for the results. Left at <see cref="DefaultOutput"/>, `clln train` makes a new folder
    /// runs/NAME-TIMESTAMP for the run and points runs/latest at it.
    /// </summary>
    [Field("folder for the results: config.json, metrics.csv, summary.json, network.json, checkpoint.msgpack and the plots (by default a new runs/NAME-TIMESTAMP, with runs/latest pointing to it)", Range = "a path")]
    public string Output { get; init; } = DefaultOutput;

    /// <summary>The output when none is given: the link to the newest run, never written into.</summary>
    public const string DefaultOutput = "runs/latest";
}
