using Clln.Core.Model;

namespace Clln.Core.Formats;

/// <summary>
/// Networks as SPICE netlists: a subset that ngspice runs unchanged, read and written.
/// </summary>
/// <remarks>
/// The subset: <c>Rname n1 n2 ohms</c> resistors, <c>Mname drain gate source bulk model [W= L= M=]</c>
/// level-1 NMOS transistors with <c>.model name NMOS (LEVEL=1 VTO= KP= LAMBDA=0 GAMMA=0)</c>, each
/// gate held by its own source, and <c>Vname n+ n- [DC] volts</c> sources with one
/// terminal on ground ("0" or its alias "gnd"), V(n+) - V(n-) = volts. The first line is the
/// title and is ignored; '*' lines are comments; ';', "//" and a word starting with '$' begin
/// end-of-line comments; '+' lines continue the line before. Names are compared ignoring case and
/// kept as first written; an element's name is its whole first word ("R1"). A node held by a
/// 0 V source is ground, by another voltage an input; <c>*clln node &lt;name&gt; &lt;role&gt;</c>
/// comments give roles SPICE cannot say (output, bias, an input at 0 V) and the node order.
/// .op and .end are understood, .control blocks and other dot lines ignored with a warning;
/// .include, .lib and .subckt are errors, because skipping them would change the circuit.
/// Every error is an <see cref="InvalidNetworkException"/> whose one-line message starts "file:line: ".
/// </remarks>
public static class SpiceNetlist
{
    /// <summary>Reads netlist text; <paramref name="sourceName"/> names it in messages ("net.cir").</summary>
    public static SpiceReadResult Read(string text, string sourceName) => new SpiceReader(sourceName).Read(text);

    /// <summary>Reads a netlist file; messages name it by <paramref name="path"/> as given. An unreadable file is an <see cref="InvalidNetworkException"/> naming it.</summary>
    public static SpiceReadResult ReadFile(string path)
    {
        string text;
        try { text = InputFile.ReadAllText(path); }
        catch (BadInputException e) when (e is not InvalidNetworkException) { throw new InvalidNetworkException(e.Message); }
        return Read(text, path);
    }

    /// <summary>
    /// The network as a netlist that ngspice runs unchanged and <see cref="Read"/> reads back with
    /// the same nodes (names, order, roles, voltages) and edges (order, conductances bit for bit).
    /// </summary>
    /// <remarks>
    /// Transistor edges become <c>M</c> lines with a gate source each (docs/formats-spice.md).
    /// Other edges become <c>R</c> elements named as the edge, with an R in front unless the name
    /// starts with one ("e0" becomes "Re0"); each resistance is the shortest decimal whose exact
    /// reciprocal rounds to the conductance. Each held node gets a source <c>V&lt;node&gt; &lt;node&gt; 0 DC volts</c>,
    /// except a ground node named "0" or "gnd", which is SPICE's ground itself. Names SPICE cannot
    /// carry (see <see cref="SpiceNames"/>), and elements that are not linear, are an
    /// <see cref="InvalidNetworkException"/>.
    /// </remarks>
    /// <param name="title">The title line, one line; by default it counts nodes and edges.</param>
    public static string Write(Network network, string? title = null) => SpiceWriter.Write(network, title);
}
