using System.Reflection;

namespace Clln.Cli;

/// <summary>
/// Which clln this is: the version set in Directory.Build.props and the git commit the SDK stamps
/// into the assembly's informational version ("0.5.0+3f2c…"), so that every result can say what
/// produced it. A build from a tree without git history has no commit ("unknown").
/// </summary>
public static class BuildInfo
{
    private static readonly string Informational =
        typeof(BuildInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>The release version ("0.5.0").</summary>
    public static string Version => Informational.Split('+')[0];

    /// <summary>The full commit hash, or "unknown".</summary>
    public static string Commit => Informational.Split('+') is [_, var commit, ..] && commit.Length > 0 ? commit : "unknown";

    /// <summary>What `clln --version` prints: "clln 0.5.0 (commit 3f2c1a9b0d4e)".</summary>
    public static string Text => $"clln {Version} (commit {(Commit.Length > 12 ? Commit[..12] : Commit)})";
}
