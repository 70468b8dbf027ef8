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
    /// <summary>The plain rule and clock for a network of <paramref name="edges"/> edges.</summary>
    public LearningSetup(ILearningRule rule, UpdateClock clock, int edges) : this(EdgeLearning.Plain(rule, clock, edges))
    {
    }
}
