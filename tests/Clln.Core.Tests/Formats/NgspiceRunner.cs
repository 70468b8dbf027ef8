using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Clln.Core.Formats;
using Clln.Core.Model;
using Clln.Core.Solving;

namespace Clln.Core.Tests.Formats;

/// <summary>What ngspice found at the DC operating point, keyed by name ignoring case (ngspice lower-cases names).</summary>
/// <param name="NodeVoltages">Volts at each node ngspice knows, ground (node 0) excluded.</param>
/// <param name="BranchCurrents">Amps through each voltage source, keyed by source name, as ngspice's i(vname): into the source at n+.</param>
public sealed record NgspiceOperatingPoint(IReadOnlyDictionary<string, double> NodeVoltages, IReadOnlyDictionary<string, double> BranchCurrents);

/// <summary>
/// Runs ngspice, the independent truth for circuit tests, on a netlist left exactly as given.
/// </summary>
/// <remarks>
/// The netlist is run as the main file in batch mode (<c>ngspice -b -r op.raw netlist.cir</c>), so
/// its own title line and its own <c>.op</c> card are what ngspice sees: nothing is wrapped or
/// appended. The environment variable SPICE_ASCIIRAWFILE=1 makes the raw file text, with 16
/// significant digits. A missing ngspice fails loudly: these tests must not pass without their reference.
/// </remarks>
public static class NgspiceRunner
{
    /// <summary>The operating point of a netlist that asks for one (a <c>.op</c> line).</summary>
    public static NgspiceOperatingPoint OperatingPoint(string netlist, TimeSpan? timeout = null)
    {
        var dir = Directory.CreateTempSubdirectory("clln-ngspice-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "netlist.cir"), netlist);
            var log = Run(dir.FullName, timeout ?? TimeSpan.FromMinutes(2));
            var raw = Path.Combine(dir.FullName, "op.raw");
            if (!File.Exists(raw) || log.Contains("Error", StringComparison.Ordinal))
                throw new InvalidOperationException($"ngspice did not give an operating point; its output:\n{log}");
            return ParseRaw(File.ReadAllLines(raw), log);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>The largest |V_ngspice - V_reference| over the network's nodes (ground is 0 V in both; ngspice does not list it).</summary>
    public static double LargestDifferenceFromReference(Network network, string netlist)
    {
        var ngspice = OperatingPoint(netlist);
        var ours = ReferenceSolver.Solve(network).Voltages;
        var worst = 0.0;
        for (var i = 0; i < network.NodeCount; i++)
        {
            var name = network.Nodes[i].Name;
            var theirs = SpiceNames.IsGround(name) ? 0.0 : ngspice.NodeVoltages[name];
            worst = Math.Max(worst, Math.Abs(theirs - ours[i]));
        }
        return worst;
    }

    private static readonly Lazy<bool> Installed = new(InstallIfMissing);

    /// <summary>
    /// `dotnet test` must work on a fresh machine: when ngspice is not on PATH and Debian's
    /// apt-get is there, install the package once (as CI's root user can). Returns whether it is there.
    /// </summary>
    private static bool InstallIfMissing()
    {
        static bool OnPath(string program) => (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator).Any(d => d.Length > 0 && File.Exists(Path.Combine(d, program)));
        if (OnPath("ngspice")) return true;
        if (!OnPath("apt-get")) return false;
        var install = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true };
        install.ArgumentList.Add("-c");
        install.ArgumentList.Add("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ngspice");
        using var process = Process.Start(install);
        if (process is null) return false;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        process.WaitForExit(TimeSpan.FromMinutes(10));
        return OnPath("ngspice");
    }

    private static string Run(string dir, TimeSpan timeout)
    {
        _ = Installed.Value;
        var start = new ProcessStartInfo("ngspice")
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["SPICE_ASCIIRAWFILE"] = "1";
        foreach (var argument in new[] { "-b", "-r", "op.raw", "netlist.cir" }) start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("ngspice did not start");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(
                "ngspice is not installed (or not on PATH): install the Debian package ngspice (apt-get install ngspice). " +
                $"These tests use it as the independent reference and cannot pass without it. ({e.Message})", e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"ngspice ran longer than {timeout}");
            }
            return $"{stdout.Result}\n{stderr.Result}";
        }
    }

    /// <summary>Reads an ascii raw file: a "Variables:" table (index, name, type), then "Values:" for one point.</summary>
    private static NgspiceOperatingPoint ParseRaw(string[] lines, string log)
    {
        var variablesAt = Array.FindIndex(lines, l => l.StartsWith("Variables:", StringComparison.Ordinal));
        var valuesAt = Array.FindIndex(lines, l => l.StartsWith("Values:", StringComparison.Ordinal));
        if (variablesAt < 0 || valuesAt < variablesAt)
            throw new InvalidOperationException($"unexpected ngspice raw file:\n{string.Join('\n', lines)}\n{log}");
        var names = lines[(variablesAt + 1)..valuesAt]
            .Select(l => l.Split('\t', ' ', StringSplitOptions.RemoveEmptyEntries)[1])
            .ToList();
        // The first value is preceded by the point index (0).
        var numbers = string.Join(' ', lines[(valuesAt + 1)..])
            .Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)
            .Skip(1)
            .Select(s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture))
            .ToList();
        if (numbers.Count != names.Count)
            throw new InvalidOperationException($"ngspice raw file lists {names.Count} variables but {numbers.Count} values");
        var voltages = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        var currents = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i];
            if (name.StartsWith("v(", StringComparison.OrdinalIgnoreCase) && name.EndsWith(')'))
                voltages[name[2..^1]] = numbers[i];
            else if (name.StartsWith("i(", StringComparison.OrdinalIgnoreCase) && name.EndsWith(')'))
                currents[name[2..^1]] = numbers[i];
        }
        return new NgspiceOperatingPoint(voltages, currents);
    }
}
