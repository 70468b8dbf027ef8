using System.Diagnostics;

namespace Clln.Cli.Tests;

/// <summary>What one run of `clln` printed and returned.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Error);

/// <summary>Runs `clln` in-process (fast) or as a real process (to prove the exit codes reach the shell).</summary>
internal static class CliRun
{
    public static string DataFile(string name) => Path.Combine(AppContext.BaseDirectory, "data", name);

    public static async Task<CliResult> InProcess(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CllnApp.RunAsync(args, output, error);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    /// <summary>Starts `clln` as a real process, its standard output and error redirected (read them, or they fill up).</summary>
    public static Process Start(params string[] args) => StartIn(null, args);

    /// <summary>As <see cref="Start"/>, in <paramref name="workingDirectory"/> (where runs/ goes when no --output is given).</summary>
    public static Process StartIn(string? workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory ?? "" };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "clln.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        return Process.Start(start)!;
    }

    public static CliResult AsProcess(params string[] args) => AsProcessIn(null, args);

    public static CliResult AsProcessIn(string? workingDirectory, params string[] args)
    {
        using var process = StartIn(workingDirectory, args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000)) { process.Kill(true); throw new TimeoutException("clln did not finish in 60 s"); }
        return new CliResult(process.ExitCode, output.Result, error.Result);
    }

    /// <summary>A bad-input run: exit code 2, one line on standard error, nothing on standard output.</summary>
    public static void AssertBadInput(CliResult result, string expectedFragment)
    {
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Out);
        var line = result.Error.TrimEnd('\n');
        Assert.DoesNotContain('\n', line);
        Assert.StartsWith("clln: error: ", line);
        Assert.Contains(expectedFragment, line);
    }
}
