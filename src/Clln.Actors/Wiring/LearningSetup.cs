using Clln.Core.Learning;
using Clln.Core.Training;

namespace Clln.Actors.Wiring;

/// <summary>
/// What every edge actor needs to learn on its own: the rule it applies to its own two drops, the
/// clock that says when it updates, and its hardware's imperfections (Core's <see cref="EdgeLearning"/>,
/// shared with the reference trainer). Given once when the network is wired, like the hardware's
/// comparators; the coordinator only ticks.
/// </summary>
public sealed record LearningSetup(EdgeLearning Edges)
{
    /// <summary>The plain rule and clock, no imperfection.</summary>
    public LearningSetup(ILearningRule rule, UpdateClock clock) : this(EdgeLearning.Plain(rule, clock))
    {
    }
}
