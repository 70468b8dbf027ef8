namespace Clln.Core.Data;

/// <summary>
/// The two-dimensional data sets of the lab's nonlinear classification, drawn from a seed: the
/// same seed gives the same points on any machine. Features are in [-1.5, 2.5]-ish units; a task
/// scales them to input voltages.
/// </summary>
public static class SyntheticData
{
    /// <summary>
    /// XOR-like: four Gaussian blobs (standard deviation <paramref name="noise"/>) at (+-1, +-1),
    /// equally likely; class "same" where both coordinates' blobs have the same sign, "opposite"
    /// where they differ. No line separates them; a product of the inputs does.
    /// </summary>
    public static DataSet XorLike(int count, double noise, int seed)
    {
        var random = new Random(seed);
        var features = new double[count][];
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            var (sx, sy) = (random.Next(2) * 2 - 1, random.Next(2) * 2 - 1);
            features[i] = [sx + noise * Gaussian(random), sy + noise * Gaussian(random)];
            labels[i] = sx == sy ? 0 : 1;
        }
        return DataSet.Classification("xor", ["x1", "x2"], features, "class", ["same", "opposite"], labels);
    }

    /// <summary>
    /// Two-moons-like: two interleaved half circles of radius 1, the upper one centred at (0, 0),
    /// the lower one at (1, 0.5), points spread evenly along each arc plus Gaussian noise of
    /// standard deviation <paramref name="noise"/> (the usual two-moons construction).
    /// </summary>
    public static DataSet TwoMoons(int count, double noise, int seed)
    {
        var random = new Random(seed);
        var features = new double[count][];
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            var upper = random.Next(2) == 0;
            var angle = Math.PI * random.NextDouble();
            var (x, y) = upper ? (Math.Cos(angle), Math.Sin(angle)) : (1 - Math.Cos(angle), 0.5 - Math.Sin(angle));
            features[i] = [x + noise * Gaussian(random), y + noise * Gaussian(random)];
            labels[i] = upper ? 0 : 1;
        }
        return DataSet.Classification("moons", ["x1", "x2"], features, "class", ["upper", "lower"], labels);
    }

    /// <summary>A standard normal draw (Box-Muller), from the one stream so the sequence is fixed by the seed.</summary>
    private static double Gaussian(Random random)
    {
        var u = 1.0 - random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * random.NextDouble());
    }
}
