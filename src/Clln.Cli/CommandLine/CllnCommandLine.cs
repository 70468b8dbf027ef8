using System.CommandLine;
using System.CommandLine.Help;
using Clln.Cli.Commands;

namespace Clln.Cli.CommandLine;

/// <summary>
/// The `clln` command line on System.CommandLine: the root command with every subcommand's
/// definition, `--help` (anywhere on the line), `--version` and shell completion through the
/// `[suggest]` directive. What the library would accept loosely is held strict in <see cref="UsageProblems"/>.
/// </summary>
public sealed class CllnCommandLine
{
    /// <summary>Help text wraps here: the width of a classic terminal, and of the logs people paste.</summary>
    public const int HelpWidth = 80;

    private static readonly ParserConfiguration Configuration = new()
    {
        // `@file` is a path to clln (a network file may be named so), never a file of more arguments; no `-abc` bundles.
        ResponseFileTokenReplacer = null,
        EnablePosixBundling = false,
    };

    public CllnCommandLine(IEnumerable<ICommand> commands)
    {
        Root = new RootCommand("clln: emulate contrastive local learning networks (self-learning electrical networks)");
        // Usage lines say `clln`, whatever the process is called (a test host, `dotnet clln.dll`).
        Root.HelpName = "clln";
        foreach (var command in commands) Root.Add(command.Definition);
        Version = Root.Options.OfType<VersionOption>().Single();
        if (Root.Options.OfType<HelpOption>().Single().Action is HelpAction help) help.MaxWidth = HelpWidth;
    }

    public RootCommand Root { get; }

    public VersionOption Version { get; }

    public ParseResult Parse(IReadOnlyList<string> args) => Root.Parse(args, Configuration);

    /// <summary>The root's help, for `clln` without a command.</summary>
    public void WriteHelp(TextWriter output) => Parse(["--help"]).Invoke(new InvocationConfiguration { Output = output });
}
