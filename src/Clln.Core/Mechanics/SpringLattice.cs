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
        var nodes = new List<MechanicalNode>();
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < columns; c++) nodes.Add(new MechanicalNode($"n{r}_{c}", c, r, Held: r == 0));
        var springs = new List<Spring>();
        void Join(int a, int b) => springs.Add(new Spring($"s{springs.Count}", a, b, Math.Exp(Math.Log(0.5) + random.NextDouble() * Math.Log(4)), nodes[a].DistanceTo(nodes[b])));
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
