namespace Clln.Core.Tasks;

/// <summary>One example: the voltages applied at the input nodes and what the outputs should read.</summary>
/// <param name="Inputs">Volts, one per input node.</param>
/// <param name="Targets">Volts, one per output node (for classification, the sample's class target when the task was made).</param>
/// <param name="Label">The class index, or -1 for regression.</param>
public sealed record TaskSample(double[] Inputs, double[] Targets, int Label = -1);
