using System.Text.Json;
using Clln.Core.Formats;

namespace Clln.Cli.Tests;

/// <summary>`clln springs`: an elastic network's equilibrium, checked by the forces it prints, and its bad input refused in one line.</summary>
public sealed class SpringsCommandTests
{
    /// <remarks>The actors are certified within 1e-9 of the network's size (2 m): a force of that many metres' worth of the stiffest spring's stiffness.</remarks>
    [Theory]
    [InlineData("reference", 1e-10)]
    [InlineData("actors", 1e-8)]
    [InlineData("actors --schedule async --message-loss 0.1 --link-order reorder", 1e-8)]
    public async Task The_printed_equilibrium_balances_every_free_node_and_holds_the_moved_one_where_it_was_put(string engine, double newtons)
    {
        var file = CliRun.DataFile("springs-3x3.json");
        var result = await CliRun.InProcess(["springs", file, "--move", "n0_0=0.1,0", "--move", "n0_2=0,-0.05", "--format", "json", "--engine", .. engine.Split(' ')]);
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var network = SpringJson.ReadFile(file);
        var at = json.RootElement.GetProperty("nodes").EnumerateObject().ToDictionary(p => p.Name, p => (X: p.Value[0].GetDouble(), Y: p.Value[1].GetDouble()));
        Assert.Equal((0.1, 0.0), at["n0_0"]);
        Assert.Equal((2.0, -0.05), at["n0_2"]);

        // Newton's third law from the printed tensions alone: no free node feels a net force.
        var net = network.Nodes.ToDictionary(n => n.Name, _ => (X: 0.0, Y: 0.0));
        var energy = 0.0;
        foreach (var spring in json.RootElement.GetProperty("springs").EnumerateArray())
        {
            var (from, to, tension) = (spring.GetProperty("from").GetString()!, spring.GetProperty("to").GetString()!, spring.GetProperty("tension").GetDouble());
            var (dx, dy) = (at[to].X - at[from].X, at[to].Y - at[from].Y);
            var length = Math.Sqrt(dx * dx + dy * dy);
            Assert.Equal(length, spring.GetProperty("length").GetDouble(), 12);
            net[from] = (net[from].X + tension * dx / length, net[from].Y + tension * dy / length);
            net[to] = (net[to].X - tension * dx / length, net[to].Y - tension * dy / length);
            var k = network.Springs.Single(s => s.Name == spring.GetProperty("name").GetString()).Stiffness;
            energy += tension * tension / (2 * k);
        }
        foreach (var node in network.Nodes.Where(n => !n.Held))
            Assert.True(Math.Abs(net[node.Name].X) < newtons && Math.Abs(net[node.Name].Y) < newtons, $"node {node.Name} feels {net[node.Name]} N");
        Assert.Equal(energy, json.RootElement.GetProperty("energy").GetDouble(), 12);
        Assert.True(energy > 0, "the moves stretched nothing");
        Assert.Equal(engine != "reference", json.RootElement.TryGetProperty("stats", out var stats));
        if (engine != "reference") Assert.InRange(stats.GetProperty("distance_m").GetDouble(), 0, 2e-9);
    }

    [Fact]
    public async Task Noisy_readings_end_uncertified_at_the_noise_floor_and_say_so()
    {
        var result = await CliRun.InProcess("springs", CliRun.DataFile("springs-3x3.json"), "--move", "n0_0=0.1,0", "--format", "json", "--engine", "actors", "--link-noise", "1e-6");
        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Out);
        Assert.False(json.RootElement.GetProperty("stats").GetProperty("certified").GetBoolean());
        Assert.InRange(json.RootElement.GetProperty("stats").GetProperty("distance_m").GetDouble(), 2e-9, 1e-3);
        Assert.Contains("warning: the actors settled only to", result.Error);
        Assert.Contains("(noise floor)", result.Error);
    }

    [Theory]
    [InlineData("--omega 1.5", "springs: --omega is an option of the actor engine; add --engine actors")]
    [InlineData("--engine actors --omega 2", "omega must lie in (0, 2)")]
    [InlineData("--engine actors --message-loss 1", "--message-loss")]
    [InlineData("--engine actors --link-noise -1", "springs: the noise must be a non-negative number of metres, not -1")]
    [InlineData("--engine actors --link-delay soon", "option --link-delay: bad delay 'soon'")]
    public async Task A_bad_actor_option_is_one_line_with_exit_2(string options, string message) =>
        CliRun.AssertBadInput(await CliRun.InProcess(["springs", CliRun.DataFile("springs-3x3.json"), .. options.Split(' ')]), message);

    [Theory]
    [InlineData("n1_1=0.1,0", "node 'n1_1' is free; only a held node is moved")]
    [InlineData("nX=0.1,0", "unknown node 'nX'")]
    [InlineData("n0_0=0.1", "expected NODE=DX,DY")]
    [InlineData("n0_0=NaN,0", "expected NODE=DX,DY")]
    public async Task A_bad_move_is_one_line_with_exit_2(string move, string message) =>
        CliRun.AssertBadInput(await CliRun.InProcess("springs", CliRun.DataFile("springs-3x3.json"), "--move", move), message);

    [Fact]
    public async Task A_missing_or_degenerate_file_is_one_line_with_exit_2()
    {
        CliRun.AssertBadInput(await CliRun.InProcess("springs", "no-such-springs.json"), "no-such-springs.json");
        var bad = Path.Combine(Path.GetTempPath(), $"springs-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(bad, File.ReadAllText(CliRun.DataFile("springs-3x3.json")).Replace("\"stiffness\": 1.0}", "\"stiffness\": 1.0, \"rest_length\": 0}"));
        try
        {
            CliRun.AssertBadInput(await CliRun.InProcess("springs", bad), "a zero-length or negative rest length (0)");
        }
        finally
        {
            File.Delete(bad);
        }
    }

    [Fact]
    public async Task Plot_draws_the_equilibrium_and_a_path_that_cannot_be_written_is_one_line_with_nothing_printed()
    {
        var picture = Path.Combine(Path.GetTempPath(), $"springs-{Guid.NewGuid():N}.png");
        try
        {
            var result = await CliRun.InProcess("springs", CliRun.DataFile("springs-3x3.json"), "--move", "n0_0=0.2,0", "--plot", picture);
            Assert.Equal(0, result.ExitCode);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(picture)[..4]);
        }
        finally
        {
            File.Delete(picture);
        }
        CliRun.AssertBadInput(await CliRun.InProcess("springs", CliRun.DataFile("springs-3x3.json"), "--plot", "/proc/no-such-dir/x.png"), "/proc/no-such-dir/x.png");
    }
}

