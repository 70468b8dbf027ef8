namespace Clln.Core.Mechanics;

/// <summary>Generated elastic networks: what tests and benchmarks train.</summary>
public static class SpringLattice
{
    /// <summary>
    /// A triangulated rows x columns lattice at unit spacing (one diagonal a cell: rigid), unstressed
    /// at rest, stiffness log-uniform in [0.5, 2] N/m drawn from <paramref name="seed"/>, the bottom row held.
    /// </summary>
    public static SpringNetwork Triangulated(int rows, int columns, int seed)
    {
        var random = new Random(seed);
        return Build(rows, columns, (c, r) => (c, r), () => Math.Exp(Math.Log(0.5) + random.NextDouble() * Math.Log(4)));
    }

    /// <summary>
    /// The same lattice badly conditioned, as faults are tested on: every node moved from its
    /// lattice site by up to <paramref name="jitter"/> (a fraction of the spacing, below 0.3 so no
    /// triangle folds) in each direction, springs at rest there, stiffness log-uniform over
    /// <paramref name="decades"/> decades around 1 N/m.
    /// </summary>
    public static SpringNetwork Disordered(int rows, int columns, double decades, double jitter, int seed)
    {
        if (!(jitter is >= 0 and < 0.3)) throw new ArgumentOutOfRangeException(nameof(jitter), jitter, "a jitter in [0, 0.3)");
        var random = new Random(seed);
        return Build(rows, columns,
            (c, r) => (c + jitter * (2 * random.NextDouble() - 1), r + jitter * (2 * random.NextDouble() - 1)),
            () => Math.Pow(10, decades * (random.NextDouble() - 0.5)));
    }

    private static SpringNetwork Build(int rows, int columns, Func<int, int, (double X, double Y)> site, Func<double> stiffness)
    {
        var nodes = new List<MechanicalNode>();
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < columns; c++)
            {
                var (x, y) = site(c, r);
                nodes.Add(new MechanicalNode($"n{r}_{c}", x, y, Held: r == 0));
            }
        var springs = new List<Spring>();
        void Join(int a, int b) => springs.Add(new Spring($"s{springs.Count}", a, b, stiffness(), nodes[a].DistanceTo(nodes[b])));
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < columns; c++)
            {
                var i = r * columns + c;
                if (c + 1 < columns) Join(i, i + 1);
                if (r + 1 < rows) Join(i, i + columns);
                if (r + 1 < rows && c + 1 < columns) Join(i, i + columns + 1);
            }
        return new SpringNetwork(nodes, springs);
    }
}
