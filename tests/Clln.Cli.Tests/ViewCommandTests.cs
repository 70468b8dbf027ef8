using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Clln.Cli.View;
using PuppeteerSharp;

namespace Clln.Cli.Tests;

/// <summary>
/// The live view in a real headless browser (<see cref="HeadlessBrowser"/>): the page of a run
/// draws its network and its curves and follows the run while it trains; bad input is one line.
/// </summary>
[Collection("browser")]
public sealed class ViewCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("clln-view-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task The_page_of_a_finished_run_draws_its_network_and_its_last_loss()
    {
        var output = Path.Combine(_directory, "run");
        var trained = await CliRun.InProcess("train", "--engine", "reference", "--epochs", "3", "--output", output);
        Assert.True(trained.ExitCode == 0, trained.Error);
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json"))).RootElement;
        var edges = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "network.json"))).RootElement.GetProperty("edges").GetArrayLength();

        await using var server = await ViewServer.StartAsync(output, IPAddress.Loopback, 0, default);
        await using var browser = await HeadlessBrowser.LaunchAsync();
        await using var page = await browser.NewPageAsync();
        await page.GoToAsync(server.Url);
        Assert.Equal(3, await HeadlessBrowser.WaitForEpochAsync(page, 3, TimeSpan.FromSeconds(30)));
        Assert.Equal(edges, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('#network .edge').length"));
        Assert.Equal(16, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('#network circle.node').length"));
        var shownLoss = double.Parse(await page.EvaluateExpressionAsync<string>("document.getElementById('status').dataset.testLoss"), CultureInfo.InvariantCulture);
        Assert.Equal(summary.GetProperty("test_loss").GetDouble(), shownLoss, 1e-12);
        Assert.Contains("finished", await page.EvaluateExpressionAsync<string>("document.getElementById('status').textContent"));
        Assert.Equal(2, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('#loss polyline.curve').length")); // train and test
        // Replay: the slider goes back to the untrained epoch 0; its numbers show, and the network as it was then, unchanged.
        var history = File.ReadAllLines(Path.Combine(output, "learned_values.csv"));
        Assert.Equal(new[] { "0", "1", "2", "3" }, history.Skip(1).Select(l => l.Split(',')[0]));
        Assert.Equal(edges + 1, history[0].Split(',').Length);
        await page.EvaluateExpressionAsync("(() => { const r = document.getElementById('replay'); r.value = 0; r.dispatchEvent(new Event('input')); })()");
        Assert.StartsWith("0 of 3", await page.EvaluateExpressionAsync<string>("document.getElementById('replay-epoch').textContent"));
        Assert.Equal("at epoch 0", await page.EvaluateExpressionAsync<string>("document.getElementById('drawn-epoch').textContent"));
        Assert.Equal(edges, await page.EvaluateExpressionAsync<int>("[...document.querySelectorAll('#network .edge')].filter(e => e.getAttribute('stroke') === '#999').length"));
        await page.EvaluateExpressionAsync("(() => { const r = document.getElementById('replay'); r.value = r.max; r.dispatchEvent(new Event('input')); })()");
        await page.ScreenshotAsync(HeadlessBrowser.Artifact("view-finished-run.png"), new ScreenshotOptions { FullPage = true });
    }

    /// <summary>Where damage struck, the page draws the cut edges as cut from that epoch on, and not before.</summary>
    [Fact]
    public async Task The_page_of_a_damaged_run_draws_the_cut_edges_from_the_epoch_they_were_cut()
    {
        var output = Path.Combine(_directory, "damaged");
        var trained = await CliRun.InProcess("train", "--engine", "reference", "--epochs", "3", "--cut-fraction", "0.2", "--damage-epoch", "2", "--output", output);
        Assert.True(trained.ExitCode == 0, trained.Error);
        var cut = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json"))).RootElement.GetProperty("damage").GetProperty("cut_edges").GetArrayLength();
        Assert.True(cut > 0);
        await using var server = await ViewServer.StartAsync(output, IPAddress.Loopback, 0, default);
        await using var browser = await HeadlessBrowser.LaunchAsync();
        await using var page = await browser.NewPageAsync();
        await page.GoToAsync(server.Url);
        await HeadlessBrowser.WaitForEpochAsync(page, 3, TimeSpan.FromSeconds(30));
        Assert.Equal(cut, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('#network .edge.damaged').length"));
        await page.EvaluateExpressionAsync("(() => { const r = document.getElementById('replay'); r.value = 1; r.dispatchEvent(new Event('input')); })()");
        Assert.Equal(0, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('#network .edge.damaged').length")); // epoch 1: not yet
        await page.EvaluateExpressionAsync("(() => { const r = document.getElementById('replay'); r.value = r.max; r.dispatchEvent(new Event('input')); })()");
        await page.ScreenshotAsync(HeadlessBrowser.Artifact("view-damaged-run.png"), new ScreenshotOptions { FullPage = true });
    }

    [Fact]
    public async Task A_run_trained_with_serve_is_followed_live_while_it_trains()
    {
        var output = Path.Combine(_directory, "live");
        using var training = CliRun.Start("train", "--engine", "actors", "--epochs", "40", "--output", output, "--serve");
        string? url = null;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (url is null && DateTime.UtcNow < deadline && await training.StandardError.ReadLineAsync() is { } line)
            if (line.StartsWith("clln: live view of ", StringComparison.Ordinal)) url = line[(line.LastIndexOf(" at ", StringComparison.Ordinal) + 4)..];
        _ = training.StandardError.ReadToEndAsync();
        _ = training.StandardOutput.ReadToEndAsync();
        Assert.NotNull(url);
        Assert.StartsWith("http://127.0.0.1:", url);
        try
        {
            await using var browser = await HeadlessBrowser.LaunchAsync();
            await using var page = await browser.NewPageAsync();
            await page.GoToAsync(url);
            var first = await HeadlessBrowser.WaitForEpochAsync(page, 1, TimeSpan.FromSeconds(60));
            // The page moves on by itself as the run writes epochs: no reload.
            var later = await HeadlessBrowser.WaitForEpochAsync(page, first + 2, TimeSpan.FromSeconds(60));
            Assert.True(later >= first + 2);
            Assert.False(training.HasExited, "the run finished before the page could follow it: make it longer");
            Assert.Contains("training", await page.EvaluateExpressionAsync<string>("document.getElementById('status').textContent"));
            await page.ScreenshotAsync(HeadlessBrowser.Artifact("view-live-run.png"), new ScreenshotOptions { FullPage = true });
        }
        finally
        {
            if (!training.HasExited) training.Kill(entireProcessTree: true);
            await training.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task A_folder_that_is_not_a_run_or_a_port_in_use_is_one_line()
    {
        CliRun.AssertBadInput(await CliRun.InProcess("view", _directory), "not a training run's folder");
        CliRun.AssertBadInput(await CliRun.InProcess("view", Path.Combine(_directory, "missing")), "no such folder");
        var damaged = Directory.CreateDirectory(Path.Combine(_directory, "damaged")).FullName;
        File.WriteAllText(Path.Combine(damaged, "config.json"), "{ \"task\": ");
        CliRun.AssertBadInput(await CliRun.InProcess("view", damaged), "config.json");

        var output = Path.Combine(_directory, "run");
        Assert.Equal(0, (await CliRun.InProcess("train", "--engine", "reference", "--epochs", "1", "--output", output)).ExitCode);
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        CliRun.AssertBadInput(await CliRun.InProcess("view", output, "--port", port.ToString(CultureInfo.InvariantCulture)), $"port {port} on 127.0.0.1 is in use");
        CliRun.AssertBadInput(await CliRun.InProcess("view", output, "--bind", "not-an-address"), "option --bind expects an IP address");
        CliRun.AssertBadInput(await CliRun.InProcess("train", "--serve", "examples/x.json"), "option --serve takes a port");
        CliRun.AssertBadInput(await CliRun.InProcess("train", "--bind", "0.0.0.0"), "option --bind chooses where --serve listens");
    }
}
