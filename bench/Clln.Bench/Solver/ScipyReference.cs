using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Clln.Bench.Infrastructure;

namespace Clln.Bench.Solver;

/// <summary>SciPy's answer and timing for a system: runs bench/scipy_solve.py on a file written here.</summary>
public sealed record ScipyResult(string ScipyVersion, string NumpyVersion, Timing Timing, long LuNonZeros, double[] Solution)
{
    public const string Python = "/usr/bin/python3";

    public static ScipyResult Solve(FreeNodeSystem system, int minimumRuns, double budgetSeconds)
    {
        var script = Path.Combine(RepositoryRoot.Find(), "bench", "scipy_solve.py");
        var file = Path.Combine(Path.GetTempPath(), $"clln-solver-{Environment.ProcessId}-{system.Size}.bin");
        try
        {
            Write(file, system, minimumRuns, budgetSeconds);
            var output = Run(script, file);
            using var json = JsonDocument.Parse(output);
            var root = json.RootElement;
            var runs = root.GetProperty("runs").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            var solution = ReadSolution(file + ".solution", system.Size);
            return new ScipyResult(
                root.GetProperty("scipy").GetString()!, root.GetProperty("numpy").GetString()!,
                Timing.FromRuns(runs), root.GetProperty("lu_nonzeros").GetInt64(), solution);
        }
        finally
        {
            File.Delete(file);
            File.Delete(file + ".solution");
        }
    }

    /// <summary>The format scipy_solve.py documents: magic, sizes, run settings, CSR arrays, rhs; little-endian.</summary>
    private static void Write(string file, FreeNodeSystem system, int minimumRuns, double budgetSeconds)
    {
        using var stream = File.Create(file);
        using var writer = new BinaryWriter(stream);
        writer.Write(Encoding.ASCII.GetBytes("CLLNSYS1"));
        writer.Write(system.Size);
        writer.Write(system.Columns.Length);
        writer.Write(minimumRuns);
        writer.Write(budgetSeconds);
        foreach (var v in system.RowStart) writer.Write(v);
        foreach (var v in system.Columns) writer.Write(v);
        foreach (var v in system.Values) writer.Write(v);
        foreach (var v in system.RightHandSide) writer.Write(v);
    }

    private static string Run(string script, string file)
    {
        if (!File.Exists(Python)) throw new BenchmarkException($"{Python} not found; the SciPy comparison needs python3 with scipy and numpy");
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(file);
        using var process = Process.Start(start) ?? throw new BenchmarkException($"cannot start {Python}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new BenchmarkException($"{script} failed (exit {process.ExitCode}): {stderr.Result.Trim().Split('\n').LastOrDefault()}");
        return stdout;
    }

    private static double[] ReadSolution(string file, int size)
    {
        var length = new FileInfo(file).Length;
        if (length != 8L * size) throw new BenchmarkException($"{file}: expected {size} doubles, found {length} bytes");
        using var reader = new BinaryReader(File.OpenRead(file));
        var solution = new double[size];
        for (var i = 0; i < size; i++) solution[i] = reader.ReadDouble();
        return solution;
    }
}
