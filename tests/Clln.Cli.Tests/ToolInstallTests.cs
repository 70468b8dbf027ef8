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
            var package = Assert.Single(Directory.GetFiles(packages, $"clln.{BuildInfo.Version}.nupkg"));
            // The plots' font travels with the tool.
            using (var zip = System.IO.Compression.ZipFile.OpenRead(package))
                Assert.Contains(zip.Entries, e => e.FullName.EndsWith("/fonts/DejaVuSans.ttf", StringComparison.Ordinal));

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
            // The version is this build's; the commit is the one the pack saw (the same on a clean
            // checkout; a commit made while the tests run moves it), twelve hex digits either way.
            Assert.Matches($@"^clln {System.Text.RegularExpressions.Regex.Escape(BuildInfo.Version)} \(commit [0-9a-f]{{12}}\)$", version.Output.Trim());
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    /// <summary>
    /// `dotnet publish -r linux-x64` holds linux-x64's native libraries only (25 MB; without a
    /// runtime identifier the natives of 25 platforms make it 171 MB), and the plots' font.
    /// </summary>
    [Fact]
    public void Publishing_for_one_runtime_keeps_only_its_native_libraries()
    {
        if (!OperatingSystem.IsLinux() || System.Runtime.InteropServices.RuntimeInformation.OSArchitecture != System.Runtime.InteropServices.Architecture.X64) return;
        var root = Directory.CreateTempSubdirectory("clln-publish-");
        try
        {
            var output = Path.Combine(root.FullName, "out");
            var publish = Dotnet(RepositoryRoot(), TimeSpan.FromMinutes(8), "publish", Path.Combine("src", "Clln.Cli"), "-c", "Release", "-r", "linux-x64", "-o", output, "--nologo");
            Assert.True(publish.Code == 0, publish.Output);
            Assert.False(Directory.Exists(Path.Combine(output, "runtimes")), "natives of other runtimes were published");
            var natives = Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".so", StringComparison.Ordinal) || f.EndsWith(".dylib", StringComparison.Ordinal) || Path.GetFileName(f).StartsWith("lib", StringComparison.Ordinal) && f.EndsWith(".dll", StringComparison.Ordinal))
                .Select(f => Path.GetFileName(f)).Order().ToArray();
            Assert.Equal(new[] { "libHarfBuzzSharp.so", "libSkiaSharp.so", "liblmdb.so" }, natives);
            Assert.True(File.Exists(Path.Combine(output, "fonts", "DejaVuSans.ttf")));
            var megabytes = Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) / 1e6;
            Assert.InRange(megabytes, 5, 60);
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
