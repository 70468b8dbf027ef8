using System.Diagnostics;

namespace Clln.Cli.Tests;

/// <summary>
/// `clln` as a .NET tool, as the README installs it: packed, installed into a tool path from the
/// folder of packages alone (a NuGet configuration that clears every other source: no network),
/// and run. A minute or two: the pack builds the Release configuration.
/// </summary>
public sealed class ToolInstallTests
{
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Clln.Actors.sln"))) return dir.FullName;
        throw new InvalidOperationException("the repository root (Clln.Actors.sln) is not above the test's folder");
    }

    private static (int Code, string Output) Dotnet(string workingDirectory, TimeSpan limit, params string[] args) => Run("dotnet", workingDirectory, limit, args);

    private static (int Code, string Output) Run(string program, string workingDirectory, TimeSpan limit, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish in {limit.TotalSeconds} s");
        }
        return (process.ExitCode, output.Result + error.Result);
    }

    [Fact]
    public void The_packed_tool_installs_from_a_local_folder_and_prints_its_version()
    {
        var root = Directory.CreateTempSubdirectory("clln-tool-");
        try
        {
            var packages = Path.Combine(root.FullName, "nupkg");
            var tools = Path.Combine(root.FullName, "tools");
            var pack = Dotnet(RepositoryRoot(), TimeSpan.FromMinutes(8), "pack", Path.Combine("src", "Clln.Cli"), "-o", packages, "--nologo");
            Assert.True(pack.Code == 0, pack.Output);
            Assert.Single(Directory.GetFiles(packages, $"clln.{BuildInfo.Version}.nupkg"));

            // Only the folder of packages: the install must not need a feed on the network.
            var config = Path.Combine(root.FullName, "nuget.config");
            File.WriteAllText(config, $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="{packages}" />
                  </packageSources>
                </configuration>
                """);
            var install = Dotnet(root.FullName, TimeSpan.FromMinutes(2), "tool", "install", "--tool-path", tools, "--add-source", packages, "--configfile", config, "clln");
            Assert.True(install.Code == 0, install.Output);

            var version = Run(Path.Combine(tools, OperatingSystem.IsWindows() ? "clln.exe" : "clln"), root.FullName, TimeSpan.FromMinutes(1), "--version");
            Assert.True(version.Code == 0, version.Output);
            Assert.StartsWith($"clln {BuildInfo.Version} (commit ", version.Output);
            Assert.Equal(BuildInfo.Text, version.Output.Trim());
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Version_prints_the_version_and_commit()
    {
        var result = await CliRun.InProcess("--version");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(BuildInfo.Text + Environment.NewLine, result.Out);
    }
}
