namespace Clln.Cli.Commands;

/// <summary>What `clln` exits with.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The run itself failed (no equilibrium, an internal error).</summary>
    public const int Failure = 1;

    /// <summary>Bad input: a bad command line or a bad file. Nothing was written.</summary>
    public const int BadInput = 2;

    /// <summary>Stopped by Ctrl-C; finished results were kept.</summary>
    public const int Interrupted = 130;

    /// <summary>Stopped by SIGTERM (128 + 15, as a shell reports it); finished results were kept.</summary>
    public const int Terminated = 143;
}
