using System.Diagnostics;
using PuppeteerSharp;

namespace Clln.Cli.Tests;

/// <summary>
/// Debian's Chromium, headless, for the live view's tests: installed once when missing (as CI's
/// root user can, like ngspice). Screenshots go to artifacts/ at the repository root, which CI
/// keeps (CLLN_ARTIFACTS puts them elsewhere).
/// </summary>
internal static class HeadlessBrowser
{
    private const string Chromium = "/usr/bin/chromium";

    private static readonly Lazy<string> Installed = new(() =>
    {
        if (File.Exists(Chromium)) return Chromium;
        var install = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true };
        install.ArgumentList.Add("-c");
        install.ArgumentList.Add("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium");
        using var process = Process.Start(install)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        process.WaitForExit(TimeSpan.FromMinutes(10));
        Assert.True(File.Exists(Chromium), $"chromium is not installed and apt-get could not install it: the live view's tests need {Chromium}");
        return Chromium;
    });

    public static async Task<IBrowser> LaunchAsync() => await Puppeteer.LaunchAsync(new LaunchOptions
    {
        ExecutablePath = Installed.Value,
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
    });

    /// <summary>Where a screenshot named <paramref name="name"/> goes.</summary>
    public static string Artifact(string name)
    {
        var folder = Environment.GetEnvironmentVariable("CLLN_ARTIFACTS") is { Length: > 0 } set ? set : Path.Combine(RepositoryRoot(), "artifacts");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Clln.Actors.sln"))) return dir.FullName;
        return Path.GetTempPath();
    }

    /// <summary>Waits until the page's status line says an epoch of at least <paramref name="epoch"/>; returns it.</summary>
    public static async Task<int> WaitForEpochAsync(IPage page, int epoch, TimeSpan within)
    {
        await page.WaitForFunctionAsync($"() => +document.getElementById('status').dataset.epoch >= {epoch}", new WaitForFunctionOptions { Timeout = (int)within.TotalMilliseconds });
        return int.Parse(await page.EvaluateExpressionAsync<string>("document.getElementById('status').dataset.epoch"), System.Globalization.CultureInfo.InvariantCulture);
    }
}
