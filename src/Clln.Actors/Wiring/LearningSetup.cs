using Clln.Core.Learning;
using Clln.Core.Training;

namespace Clln.Actors.Wiring;

/// <summary>
/// What every edge actor needs to learn on its own: the rule it applies to its own two drops and
/// the clock that says when it updates. Given once when the network is wired, like the hardware's
/// comparators; the coordinator only ticks.
/// </summary>
public sealed record LearningSetup(ILearningRule Rule, UpdateClock Clock);
