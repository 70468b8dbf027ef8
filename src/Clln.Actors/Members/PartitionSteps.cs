using Clln.Actors.Nodes;
using Clln.Actors.Serialization;
using MessagePack;

namespace Clln.Actors.Members;

// The clocked schedule across members without a barrier per colour step (see PartitionClock):
// the coordinator starts the steps, the partitions step among themselves, and each tells the
// coordinator where they stopped.

/// <summary>
/// The coordinator to every partition host: relax by colour steps among yourselves, from the
/// colour after <paramref name="LastColour"/> (the colour of the last step that ticked a node; -1:
/// none yet) with <paramref name="Sweeps"/> sweeps counted so far. <paramref name="Forced"/>: the
/// first sweep ticks every node of each colour with <paramref name="ForceKind"/> (after a check).
/// </summary>
[MessagePackObject]
public sealed record StepFrom(
    [property: Key(0)] int Phase,
    [property: Key(1)] int Round,
    [property: Key(2)] int Sweeps,
    [property: Key(3)] int LastColour,
    [property: Key(4)] bool Forced,
    [property: Key(5)] TickKind ForceKind,
    [property: Key(6)] int OverRelaxationSweeps,
    [property: Key(7)] int MaxSweeps) : IEngineMessage;

/// <summary>
/// A partition to each neighbouring partition: its step <paramref name="Step"/> is done (everything
/// it sent in that step went before this, on the same lane), the latest step at which it knows
/// some partition ticked a node (-1: none), the earliest at which it knows a node diverged
/// (<see cref="int.MaxValue"/>: none), and the latest at which it knows some partition was busy
/// (had nodes waiting for their colour, ticked some, or sent news across; -1: none).
/// </summary>
[MessagePackObject]
public sealed record StepDone(
    [property: Key(0)] int Phase,
    [property: Key(1)] int Round,
    [property: Key(2)] int Step,
    [property: Key(3)] int LatestWork,
    [property: Key(4)] int EarliestDivergence,
    [property: Key(5)] int LatestBusy) : IEngineMessage;

/// <summary>
/// A partition to the coordinator: its steps stopped after <paramref name="Steps"/> steps; the
/// last step that ticked a node anywhere (-1: none); the lowest of its nodes that diverged at the
/// earliest diverging step (-1: none) and that step; and whether it refused work past the sweep limit.
/// </summary>
[MessagePackObject]
public sealed record StepsStopped(
    [property: Key(0)] int Phase,
    [property: Key(1)] int Partition,
    [property: Key(2)] int Steps,
    [property: Key(3)] int LatestWork,
    [property: Key(4)] int DivergedNode,
    [property: Key(5)] int DivergedStep,
    [property: Key(6)] bool OverSweepLimit) : IEngineMessage;

/// <summary>Where step <c>k</c> of a <see cref="StepFrom"/> falls: its colour and its sweep, counted as one process counts them.</summary>
internal readonly record struct StepCount(int Colours, int Sweeps, int LastColour)
{
    /// <summary>One process counts a sweep on the first step and each time the colours wrap round.</summary>
    private int Start => (LastColour < 0 ? Colours - 1 : LastColour) + 1;

    public int Colour(int step) => (Start + step) % Colours;

    public int Sweep(int step) => Sweeps + (Start + step) / Colours;
}
