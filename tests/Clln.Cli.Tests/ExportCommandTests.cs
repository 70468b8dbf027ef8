using Clln.Core.Formats;
using Clln.Core.Solving;

namespace Clln.Cli.Tests;

public sealed class ExportCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("clln-export-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Json_to_spice_and_back_solves_to_the_same_equilibrium()
    {
        var source = CliRun.DataFile("lattice-4x4.json");
        var netlist = Path.Combine(_directory, "lattice.cir");
        var back = Path.Combine(_directory, "back.json");
        Assert.Equal(0, (await CliRun.InProcess("export", source, netlist)).ExitCode);
        Assert.Equal(0, (await CliRun.InProcess("export", netlist, back)).ExitCode);

        var original = ReferenceSolver.Solve(NetworkJson.ReadFile(source));
        var roundTripped = NetworkJson.ReadFile(back);
        var again = ReferenceSolver.Solve(roundTripped);
        for (var i = 0; i < original.Voltages.Length; i++) Assert.Equal(original.Voltages[i], again.Voltages[i], 1e-12);
    }

    [Fact]
    public async Task A_failed_export_writes_nothing()
    {
        var bad = Path.Combine(_directory, "bad.json");
        File.WriteAllText(bad, "{\"nodes\": []}");
        var target = Path.Combine(_directory, "out.cir");
        CliRun.AssertBadInput(await CliRun.InProcess("export", bad, target), "bad.json: edges: missing");
        Assert.False(File.Exists(target));
        Assert.Equal([bad], Directory.GetFiles(_directory));
    }
}
