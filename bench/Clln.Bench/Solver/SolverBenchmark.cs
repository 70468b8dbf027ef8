using System.Globalization;
using System.Text;
using Clln.Bench.Infrastructure;
using Clln.Core.Elements;
using Clln.Core.Model;
using Clln.Core.Solving;
using Clln.Core.Topologies;

namespace Clln.Bench.Solver;

/// <summary>
/// The linear equilibrium solver against SciPy's sparse direct solve, on periodic square lattices
/// with random conductances and three held nodes (inputs at 1 V and 0.5 V, a ground).
/// </summary>
public sealed class SolverBenchmark : IBenchmark
{
    private const int Seed = 20240601;
    private static readonly int[] DefaultSizes = [4, 32, 100, 316];

    public string Name => "solver";

    public string Description => "LinearEquilibriumSolver vs scipy.sparse.linalg.spsolve on periodic lattices";

    public int Run(string[] args)
    {
        var sizes = DefaultSizes;
        var write = true;
        var budget = 2.0;
        for (var a = 0; a < args.Length; a++)
        {
            switch (args[a])
            {
                case "--sizes" when a + 1 < args.Length:
                    sizes = args[++a].Split(',').Select(s => int.TryParse(s, out var v) && v >= 4 ? v
                        : throw new BenchmarkException($"--sizes: '{s}' is not a lattice side of at least 4")).ToArray();
                    break;
                case "--budget" when a + 1 < args.Length:
                    budget = double.TryParse(args[++a], CultureInfo.InvariantCulture, out var b) && b > 0 ? b
                        : throw new BenchmarkException($"--budget: '{args[a]}' is not a positive number of seconds");
                    break;
                case "--no-write":
                    write = false;
                    break;
                case "-h" or "--help":
                    Console.WriteLine("usage: Clln.Bench solver [--sizes 4,32,100,316] [--budget SECONDS] [--no-write]");
                    Console.WriteLine("  --sizes     lattice sides to measure (periodic L x L lattices)");
                    Console.WriteLine("  --budget    seconds to spend repeating each measurement (at least 3 runs each; default 2)");
                    Console.WriteLine("  --no-write  print the table only; leave docs/benchmarks.md alone");
                    return 0;
                default:
                    throw new BenchmarkException($"unknown option '{args[a]}' (try --help)");
            }
        }

        var rows = new List<Row>();
        var loadBefore = MachineInfo.LoadAverage;
        string scipyVersion = "?", numpyVersion = "?";
        foreach (var side in sizes)
        {
            Console.Error.WriteLine($"solver: {side}x{side} periodic lattice ...");
            var row = Measure(side, budget, out scipyVersion, out numpyVersion);
            rows.Add(row);
            Console.Error.WriteLine($"solver: {side}x{side}: ours {row.Construct.BestAndMedian}, SciPy {row.Scipy.BestAndMedian}");
        }

        var markdown = Report(rows, scipyVersion, numpyVersion, args, budget, (loadBefore, MachineInfo.LoadAverage));
        Console.WriteLine(markdown);
        if (write) Console.Error.WriteLine($"solver: wrote {BenchmarkDocument.WriteSection(Name, markdown)}");
        return 0;
    }

    private sealed record Row(
        int Side, int FreeNodes, int MatrixNonZeros, string Factor, long FactorNonZeros, double FactorFlops, string Ordering,
        Timing Construct, Timing Refactor, Timing Solve, Timing Scipy, long LuNonZeros, double MaxDifference);

    private static Row Measure(int side, double budget, out string scipyVersion, out string numpyVersion)
    {
        var (network, conductances) = Lattice(side);
        var held = network.HeldVoltages();

        // Ours: construction (pattern, ordering, symbolic analysis, factorization, one solve with refinement).
        LinearEquilibriumSolver? solver = null;
        double[] voltages = [];
        var construct = Timing.Measure(() =>
        {
            solver = new LinearEquilibriumSolver(network);
            voltages = solver.SolveVoltages(held);
        }, minimumRuns: 3, budget);
        var refactor = Timing.Measure(() => solver!.SetConductances(conductances), minimumRuns: 3, budget);
        var solve = Timing.Measure(() => voltages = solver!.SolveVoltages(held), minimumRuns: 3, budget);

        // The same system for SciPy, and the sparse factor's statistics on it.
        var system = FreeNodeSystem.Build(network, conductances, held);
        var sparse = SparseCholesky.Analyze(system.Size, system.RowStart, system.Columns);
        var factor = system.Size <= LinearEquilibriumSolver.DenseThreshold ? "dense" : "sparse";
        var scipy = ScipyResult.Solve(system, minimumRuns: 3, budget);
        scipyVersion = scipy.ScipyVersion;
        numpyVersion = scipy.NumpyVersion;
        var maxDifference = 0.0;
        for (var r = 0; r < system.Size; r++)
            maxDifference = Math.Max(maxDifference, Math.Abs(voltages[system.FreeNodes[r]] - scipy.Solution[r]));

        return new Row(side, system.Size, system.Columns.Length, factor, sparse.FactorNonZeros, sparse.FactorFlops, sparse.OrderingName,
            construct, refactor, solve, scipy.Timing, scipy.LuNonZeros, maxDifference);
    }

    /// <summary>A side x side periodic lattice, conductances uniform in [0.5, 1.5) S, two inputs and a ground.</summary>
    private static (Network Network, double[] Conductances) Lattice(int side)
    {
        var topology = Topology.SquareLattice(side, side, periodic: true);
        var random = new Random(Seed);
        var conductances = Enumerable.Range(0, topology.EdgeCount).Select(_ => 0.5 + random.NextDouble()).ToArray();
        var (q, h) = (side / 4, 3 * side / 4);
        var held = new Dictionary<string, (NodeRole, double)>
        {
            [$"n{q}_{q}"] = (NodeRole.Input, 1.0),
            [$"n{h}_{h}"] = (NodeRole.Input, 0.5),
            [$"n{q}_{h}"] = (NodeRole.Ground, 0.0),
        };
        return (topology.ToNetwork(j => new Resistor(conductances[j]), held), conductances);
    }

    private static string Report(List<Row> rows, string scipyVersion, string numpyVersion, string[] args, double budgetSeconds, (string Before, string After) load)
    {
        var md = new StringBuilder();
        var command = "dotnet run -c Release --project bench/Clln.Bench -- solver" + (args.Length > 0 ? " " + string.Join(' ', args) : "");
        md.AppendLine("## Linear equilibrium solver vs SciPy");
        md.AppendLine();
        md.AppendLine($"Periodic L x L lattices, conductances uniform in [0.5, 1.5) S (seed {Seed}), inputs held at 1 V and 0.5 V and one ground;");
        md.AppendLine("the free-node Laplacian block is solved for the free voltages. Times are best / median of at least 3 runs (more within a");
        md.AppendLine($"{budgetSeconds:0.#} s budget per measurement); ours after {Timing.WarmUpSeconds:0.#} s of untimed warm-up runs, so the JIT has finished optimising.");
        md.AppendLine();
        md.AppendLine("| lattice | free nodes | nnz(A) | factor | ordering | nnz(L) | factor flops | ours: construct | ours: refactor | ours: solve | SciPy spsolve | SciPy nnz(L)+nnz(U) | SciPy / ours construct (median) | max \\|V ours - V SciPy\\| |");
        md.AppendLine("|---|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Side}x{r.Side} | {r.FreeNodes:N0} | {r.MatrixNonZeros:N0} | {r.Factor} | {r.Ordering} | {r.FactorNonZeros:N0} | {r.FactorFlops:0.00e0} | " +
                $"{r.Construct.BestAndMedian} | {r.Refactor.BestAndMedian} | {r.Solve.BestAndMedian} | {r.Scipy.BestAndMedian} | {r.LuNonZeros:N0} | " +
                $"{r.Scipy.Median / r.Construct.Median:0.0}x | {r.MaxDifference:0.0e0} |"));
        }
        md.AppendLine();
        md.AppendLine("- **ours: construct** = `new LinearEquilibriumSolver(network)` + one `SolveVoltages`: free-node pattern, fill-reducing ordering,");
        md.AppendLine("  symbolic analysis, numeric factorization, one solve with one step of iterative refinement (two triangular solve pairs).");
        md.AppendLine("  **refactor** = `SetConductances` (assemble values + numeric factorization); **solve** = `SolveVoltages` on the existing factor.");
        md.AppendLine($"- **factor**: up to {LinearEquilibriumSolver.DenseThreshold} free nodes the solver uses the dense Cholesky; ordering, nnz(L) (diagonal");
        md.AppendLine("  included) and flops (about the sum of squared column counts) are those of the sparse factor on the same matrix.");
        md.AppendLine("- **SciPy spsolve** = `scipy.sparse.linalg.spsolve(A, b)` with its defaults (SuperLU, COLAMD column ordering) on the same CSR matrix");
        md.AppendLine("  and right-hand side, timed inside Python (file reading excluded), run by `bench/scipy_solve.py`; its fill is that of SuperLU's L and U.");
        md.AppendLine();
        md.AppendLine($"Machine: {MachineInfo.CpuModel}, {MachineInfo.Cores} cores, {MachineInfo.Memory} memory, {MachineInfo.OperatingSystem}; " +
                      $"{MachineInfo.Dotnet}; SciPy {scipyVersion}, NumPy {numpyVersion}. Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.");
        md.AppendLine($"The machine is shared: its 1-minute load average was {load.Before} at the start and {load.After} at the end of the run, so absolute");
        md.AppendLine("times are inflated by other work; each size runs ours and SciPy back to back, so the ratio is the steadier figure.");
        md.AppendLine();
        md.AppendLine($"Command: `{command}`");
        return md.ToString();
    }
}
