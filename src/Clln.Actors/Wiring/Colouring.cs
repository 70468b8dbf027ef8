using Clln.Core.Model;

namespace Clln.Actors.Wiring;

/// <summary>
/// A proper colouring of the nodes (two nodes joined by an edge never share a colour), greedy in
/// node order. Nodes of one colour can update together and still read only settled neighbours,
/// which turns a clocked sweep into a Gauss-Seidel sweep: a square lattice (open, or periodic with
/// even sides) gets the red-black chequerboard.
/// </summary>
internal static class Colouring
{
    public static int[] Greedy(Network network, int[][] incident, out int colours) =>
        Greedy(incident, (node, edge) => network.Edges[edge].From == node ? network.Edges[edge].To : network.Edges[edge].From, out colours);

    /// <param name="incident">Per node, its edges.</param>
    /// <param name="across">The node at the other end of edge (second argument) from a node (first).</param>
    public static int[] Greedy(int[][] incident, Func<int, int, int> across, out int colours)
    {
        var colour = new int[incident.Length];
        Array.Fill(colour, -1);
        var used = new List<bool>();
        colours = 0;
        for (var i = 0; i < colour.Length; i++)
        {
            used.Clear();
            foreach (var j in incident[i])
            {
                var c = colour[across(i, j)];
                if (c < 0) continue;
                while (used.Count <= c) used.Add(false);
                used[c] = true;
            }
            var pick = 0;
            while (pick < used.Count && used[pick]) pick++;
            colour[i] = pick;
            colours = Math.Max(colours, pick + 1);
        }
        return colour;
    }
}
