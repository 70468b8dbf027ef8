using System.Globalization;
using Clln.Core.Mechanics;
using Clln.Core.Model;

namespace Clln.Cli.CommandLine;

/// <summary>Command-line values that name a node of an elastic network and a displacement of it.</summary>
public static class SpringArguments
{
    /// <summary>
    /// NODE=DX,DY: a node of the network, held (an input, <paramref name="held"/> true) or free (an
    /// output), and a finite displacement in metres; or one line saying what is wrong, naming <paramref name="option"/>.
    /// </summary>
    public static (int Node, double Dx, double Dy) Displacement(string option, string text, SpringNetwork network, bool held)
    {
        var parts = text.Split('=', 2);
        var numbers = parts.Length == 2 ? parts[1].Split(',') : [];
        if (numbers.Length != 2 || !TryFinite(numbers[0], out var dx) || !TryFinite(numbers[1], out var dy))
            throw new UsageException($"{option} {text}: expected NODE=DX,DY with two finite numbers of metres (e.g. {(held ? "n0_0" : "n2_2")}=0.1,0)");
        var node = network.Nodes.Select((n, i) => (n, i)).FirstOrDefault(p => p.n.Name == parts[0]);
        if (node.n is null) throw new BadInputException($"{option} {text}: unknown node '{parts[0]}'");
        if (held && !node.n.Held) throw new BadInputException($"{option} {text}: node '{parts[0]}' is free; only a held node is moved (an imposed displacement)");
        if (!held && node.n.Held) throw new BadInputException($"{option} {text}: node '{parts[0]}' is held; an output must be free to move");
        return (node.i, dx, dy);
    }

    /// <summary>MIN,MAX: a positive range, or one line naming <paramref name="option"/>.</summary>
    public static (double Min, double Max) Range(string option, string text)
    {
        var numbers = text.Split(',');
        if (numbers.Length != 2 || !TryFinite(numbers[0], out var min) || !TryFinite(numbers[1], out var max) || !(min > 0) || !(max >= min))
            throw new UsageException($"{option} {text}: expected MIN,MAX, two positive finite numbers with MIN <= MAX");
        return (min, max);
    }

    private static bool TryFinite(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
