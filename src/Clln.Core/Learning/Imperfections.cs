namespace Clln.Core.Learning;

/// <summary>
/// The learning hardware's imperfections, each a standard deviation (0: none). Every draw is a
/// hash of (seed, model, edge, step), see <see cref="Training.SeededNoise"/>.
/// </summary>
/// <param name="TwinMismatch">Standard deviation of ln(clamped / free) of each edge's fixed factor (dimensionless).</param>
/// <param name="ComparatorOffset">Of each edge's fixed offset added to its contrast, volts squared.</param>
/// <param name="ComparatorNoise">Of the fresh noise added to the contrast at every update, volts squared.</param>
/// <param name="UpdateNoise">Of the noise added to the learned value at every update, as a fraction of its range.</param>
/// <param name="Drift">Of the random walk of the learned value, as a fraction of its range, every <paramref name="DriftEverySteps"/> steps.</param>
/// <param name="DriftEverySteps">1 for drift per step; the steps of an epoch for drift per epoch (it then strikes at the epoch's last step).</param>
public sealed record Imperfections(double TwinMismatch = 0, double ComparatorOffset = 0, double ComparatorNoise = 0,
    double UpdateNoise = 0, double Drift = 0, long DriftEverySteps = 1)
{
    public static Imperfections None { get; } = new();
}
