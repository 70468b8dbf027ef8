using Clln.Core.Model;

namespace Clln.Bench.Solver;

/// <summary>
/// The linear system the equilibrium solver factors, built independently for the SciPy side:
/// L_ff V_f = -L_fh V_h over the free nodes (in node order), with L the weighted graph Laplacian.
/// The matrix is compressed sparse rows of both triangles, columns sorted.
/// </summary>
public sealed record FreeNodeSystem(int[] FreeNodes, int[] RowStart, int[] Columns, double[] Values, double[] RightHandSide)
{
    public int Size => FreeNodes.Length;

    public static FreeNodeSystem Build(Network network, double[] conductances, double[] heldVoltages)
    {
        var freeIndex = new int[network.NodeCount];
        var free = new List<int>();
        for (var i = 0; i < network.NodeCount; i++)
        {
            freeIndex[i] = double.IsNaN(heldVoltages[i]) ? free.Count : -1;
            if (freeIndex[i] >= 0) free.Add(i);
        }
        var n = free.Count;
        var rows = new Dictionary<int, double>[n];
        for (var r = 0; r < n; r++) rows[r] = new Dictionary<int, double> { [r] = 0.0 };
        var rhs = new double[n];
        for (var j = 0; j < network.EdgeCount; j++)
        {
            var (a, b, k) = (network.Edges[j].From, network.Edges[j].To, conductances[j]);
            var (fa, fb) = (freeIndex[a], freeIndex[b]);
            if (fa >= 0 && fa == fb) continue;
            if (fa >= 0) rows[fa][fa] += k;
            if (fb >= 0) rows[fb][fb] += k;
            if (fa >= 0 && fb >= 0)
            {
                rows[fa][fb] = rows[fa].GetValueOrDefault(fb) - k;
                rows[fb][fa] = rows[fb].GetValueOrDefault(fa) - k;
            }
            else if (fa >= 0) rhs[fa] += k * heldVoltages[b];
            else if (fb >= 0) rhs[fb] += k * heldVoltages[a];
        }
        var rowStart = new int[n + 1];
        for (var r = 0; r < n; r++) rowStart[r + 1] = rowStart[r] + rows[r].Count;
        var columns = new int[rowStart[n]];
        var values = new double[rowStart[n]];
        for (var r = 0; r < n; r++)
        {
            var p = rowStart[r];
            foreach (var (c, v) in rows[r].OrderBy(e => e.Key))
            {
                columns[p] = c;
                values[p++] = v;
            }
        }
        return new FreeNodeSystem(free.ToArray(), rowStart, columns, values, rhs);
    }
}
