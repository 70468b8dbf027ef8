using Clln.Core.Learning;
using Clln.Core.Model;

namespace Clln.Core.Training;

/// <summary>What an engine needs to emulate a learning network: the wiring, the task's nodes, how each edge learns, and the nudge.</summary>
/// <param name="Inputs">Indices of the input nodes, in task order.</param>
/// <param name="Outputs">Indices of the output nodes, in task order.</param>
/// <param name="Nudge">How the second state is made (coupled learning's clamp unless the rule says otherwise).</param>
public sealed record TwinSpec(Network Network, int[] Inputs, int[] Outputs, EdgeLearning Learning, double Eta, Nudge Nudge = Nudge.Clamp);
