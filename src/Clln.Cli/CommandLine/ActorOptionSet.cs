using System.CommandLine;
using Clln.Actors;
using Clln.Actors.Faults;

namespace Clln.Cli.CommandLine;

/// <summary>
/// The actor engine's options that `clln solve` and `clln springs` share, named as the experiment
/// fields (clln train) are for the same ideas; the tolerance in the quantity a node holds (volts
/// for a voltage, metres for a position).
/// </summary>
public sealed class ActorOptionSet(string tolerance, string defaultTolerance, string noise)
{
    public Option<string?> Schedule { get; } = Options.Choice("--schedule", "actors: barrier per sweep (repeatable) or free-running (default clocked)", "clocked", "async");
    public Option<double?> Tolerance { get; } = Options.Number("--tolerance", "T", $"actors: certified distance to the exact equilibrium at every node, {tolerance} (default {defaultTolerance})");
    public Option<double?> Omega { get; } = Options.Number("--omega", "W", "actors: over-relaxation in (0, 2); above 1 safe only when clocked (default 1)");
    public Option<string?> LinkDelay { get; } = Options.Text("--link-delay", "SPEC", "actors: per-message link delay: fixed:2ms, uniform:0-5ms or exp:1ms (default none)");
    public Option<string?> LinkOrder { get; } = Options.Choice("--link-order", "actors: fifo (links keep order, default) or reorder (each message's delay drawn on its own)", "fifo", "reorder");
    public Option<double?> MessageLoss { get; } = Options.Number("--message-loss", "P", "actors: probability a transmission is lost; the link resends it (default 0)", p => p is >= 0 and < 1, "in [0, 1)");
    public Option<double?> LinkNoise { get; } = Options.Number("--link-noise", "SIGMA", $"actors: Gaussian measurement noise of every reading, {noise} (default 0)");
    public Option<int?> Seed { get; } = Options.Integer("--seed", "S", "actors: the seed of every random choice of the actor options (default 1)");
    public Option<double?> TimeLimit { get; } = Options.Number("--time-limit", "S", "actors: stop a relaxation still running after S seconds, with exit code 1 (default 1800)", s => s > 0, "a positive number of seconds");

    public IEnumerable<Option> All => [Schedule, Tolerance, Omega, LinkDelay, LinkOrder, MessageLoss, LinkNoise, Seed, TimeLimit];

    /// <summary>
    /// Refuses, in one line naming <paramref name="command"/>, an actor option (or one of
    /// <paramref name="alsoActors"/>) written on a command line that does not run the actors.
    /// </summary>
    public void RefuseUnless(bool actors, ParseResult parsed, string command, params Option[] alsoActors)
    {
        if (!actors && All.Concat(alsoActors).Select(o => RenamedOptions.Written(parsed, o)).FirstOrDefault(w => w is not null) is { } stray)
            throw new UsageException($"{command}: {stray} is an option of the actor engine; add --engine actors");
    }

    /// <summary>The options as given, over <paramref name="defaults"/>; a bad value is one line naming <paramref name="command"/> and the option.</summary>
    /// <param name="delay">The link delay's text when the caller reads it (an old option name, say); null: read <see cref="LinkDelay"/>.</param>
    public ActorEngineOptions Read(ParseResult parsed, string command, ActorEngineOptions defaults, string? delay = null, string? delayOption = null)
    {
        var options = defaults with
        {
            Schedule = parsed.GetValue(Schedule) == "async" ? Actors.Schedule.Async : defaults.Schedule,
            Tolerance = parsed.GetValue(Tolerance) ?? defaults.Tolerance,
            Omega = parsed.GetValue(Omega) ?? defaults.Omega,
            Reorder = defaults.Reorder || parsed.GetValue(LinkOrder) == "reorder",
            Drop = parsed.GetValue(MessageLoss) ?? defaults.Drop,
            Noise = parsed.GetValue(LinkNoise) ?? defaults.Noise,
            Seed = parsed.GetValue(Seed) ?? defaults.Seed,
        };
        if ((delay ?? parsed.GetValue(LinkDelay)) is { } spec)
        {
            try { options = options with { Delay = DelaySpec.Parse(spec) }; }
            catch (FormatException e) { throw new UsageException($"{command}: option {delayOption ?? RenamedOptions.Written(parsed, LinkDelay)}: {e.Message}"); }
        }
        if (parsed.GetValue(TimeLimit) is { } limit) options = options with { Timeout = TimeSpan.FromSeconds(limit) };
        try
        {
            return options.Validate(tolerance);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"{command}: {Commands.RunFailedException.OneLine(e)}");
        }
    }
}
