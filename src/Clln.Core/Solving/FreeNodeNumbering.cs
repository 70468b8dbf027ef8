namespace Clln.Core.Solving;

/// <summary>The unknowns of the Kirchhoff system: the free (not held) nodes, numbered in node order.</summary>
internal static class FreeNodeNumbering
{
    /// <summary>For each node its row among the free nodes (-1 if held), and for each row its node.</summary>
    public static (int[] RowOfNode, int[] NodeOfRow) Number(bool[] held)
    {
        var rowOfNode = new int[held.Length];
        var nodeOfRow = new List<int>();
        for (var i = 0; i < held.Length; i++)
        {
            rowOfNode[i] = held[i] ? -1 : nodeOfRow.Count;
            if (!held[i]) nodeOfRow.Add(i);
        }
        return (rowOfNode, nodeOfRow.ToArray());
    }
}
