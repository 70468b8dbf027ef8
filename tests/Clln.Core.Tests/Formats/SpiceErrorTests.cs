using Clln.Core.Formats;
using Clln.Core.Model;

namespace Clln.Core.Tests.Formats;

/// <summary>
/// Bad netlists: each is refused with one line that names the file and the line of the problem.
/// In the data, '|' separates lines; the first line is the title.
/// </summary>
public class SpiceErrorTests
{
    [Theory]
    // Malformed numbers, for resistors and sources, on the line of the number (a continuation has its own).
    [InlineData("t|V1 a 0 1|R1 a 0 1k|R3 a 0 abc", 4, "malformed number 'abc' for R3")]
    [InlineData("t|V1 a 0 1e300|R1 a 0 1k", 2, "voltage '1e300' of V1 must be within ±1e100 V, not 1E+300")]
    [InlineData("t|V1 a 0 1|R1 a 0 1e101", 3, "resistance '1e101' of R1 must be from 1e-100 to 1e100 ohms")]
    [InlineData("t|V1 a 0 1|R1 a 0|+ 4k7", 4, "malformed number '4k7' for R1")]
    [InlineData("t|V1 a 0 1|R1 a 0|* comment|+ 1x", 5, "malformed number '1x' for R1")]
    [InlineData("t|V1 a 0 DC one|R1 a 0 1k", 2, "malformed number 'one' for V1")]
    [InlineData("t|V1 a 0 1|R1 a 0 nan", 3, "malformed number 'nan' for R1")]
    [InlineData("t|V1 a 0 1|R1 a 0 1e-999", 3, "number '1e-999' for R1 is out of range")]
    [InlineData("t|V1 a 0 1e999|R1 a 0 1k", 2, "number '1e999' for V1 is out of range")]
    [InlineData("t|V1 a 0 1e-330|R1 a 0 1k", 2, "voltage '1e-330' of V1 is out of range")]
    [InlineData("t|V1 a 0 1|R1 a 0 1e-310", 3, "resistance '1e-310' of R1 is out of range")]
    // Element types outside the subset, named by their letter.
    [InlineData("t|V1 a 0 1|C1 a 0 1u", 3, "element 'C1' has type 'C', which is not supported")]
    [InlineData("t|V1 a 0 1|L1 a 0 1m", 3, "element 'L1' has type 'L', which is not supported")]
    [InlineData("t|I1 a 0 1m|R1 a 0 1k", 2, "element 'I1' has type 'I', which is not supported")]
    [InlineData("t|V1 a 0 1|Xsub a 0 amp", 3, "element 'Xsub' has type 'X', which is not supported")]
    [InlineData("t|V1 a 0 1|E1 a 0 b 0 2", 3, "has type 'E'")]
    // Too few and too many fields.
    [InlineData("t|V1 a 0 1|R1 a 0", 3, "too few fields for R1")]
    [InlineData("t|V1 a 0 1|R1", 3, "too few fields for R1")]
    [InlineData("t|V1 a 0|R1 a 0 1k", 2, "too few fields for V1")]
    [InlineData("t|V1 a 0 DC|R1 a 0 1k", 2, "too few fields for V1")]
    [InlineData("t|V1 a 0 1|R1 a 0 1k tc1=0.01", 3, "unexpected field 'tc1=0.01' for R1")]
    [InlineData("t|V1 a 0 DC 1 AC 1|R1 a 0 1k", 2, "unexpected field 'AC' for V1")]
    [InlineData("t|V1 a 0 SIN(0 1 1k)|R1 a 0 1k", 2, "unexpected field '1' for V1")]
    // A structured comment naming a node that no element defines.
    [InlineData("t|*clln node ghost output|V1 a 0 1|R1 a 0 1k", 2, "undefined node 'ghost'")]
    // Non-positive resistance.
    [InlineData("t|V1 a 0 1|R1 a 0 0", 3, "resistance '0' of R1 must be positive")]
    [InlineData("t|V1 a 0 1|R1 a 0 -1k", 3, "resistance '-1k' of R1 must be positive")]
    [InlineData("t|V1 a 0 1|R1 a 0 0.0meg", 3, "resistance '0.0meg' of R1 must be positive")]
    // Duplicate element names, ignoring case.
    [InlineData("t|V1 a 0 1|R1 a 0 1k|r1 a 0 2k", 4, "duplicate element name 'r1' (already used at line 3)")]
    [InlineData("t|V1 a 0 1|v1 a 0 1|R1 a 0 1k", 3, "duplicate element name 'v1' (already used at line 2)")]
    // Floating components, naming one of their nodes, at the line that first mentions it.
    [InlineData("t|V1 a 0 1|R1 a 0 1k|R2 b c 1k", 4, "node 'b' is floating")]
    [InlineData("t|R1 a b 1k", 2, "node 'a' is floating")]
    // Two sources forcing one node to different voltages, either way round.
    [InlineData("t|V1 a 0 1|V2 a 0 2|R1 a 0 1k", 3, "node 'a' is forced to 2 V by V2, but V1 (line 2) holds it at 1 V")]
    [InlineData("t|V1 a 0 1|V2 0 a 1|R1 a 0 1k", 3, "node 'a' is forced to -1 V by V2")]
    [InlineData("t|V1 a 0 0|R1 a b 1k|V2 b 0 1|V3 0 b 1", 5, "node 'b' is forced to -1 V by V3")]
    // Empty networks: no element at all, or sources only.
    [InlineData("t", 1, "no resistor (R) lines")]
    [InlineData("", 1, "no resistor (R) lines")]
    [InlineData("t|* only a comment|.op|.end", 4, "no resistor (R) lines")]
    [InlineData("t|V1 a 0 1", 2, "no resistor (R) lines")]
    // Sources the subset cannot express.
    [InlineData("t|V1 a b 1|R1 a 0 1k", 2, "V1 is between 'a' and 'b': a source between two non-ground nodes is not supported")]
    [InlineData("t|V1 0 gnd 1|R1 a 0 1k", 2, "V1 connects ground to ground")]
    // Lines the subset cannot skip without changing the circuit.
    [InlineData("t|.include other.cir|R1 a 0 1k", 2, "'.include' is not supported")]
    [InlineData("t|.subckt amp a b|R1 a b 1k|.ends", 2, "'.subckt' is not supported")]
    [InlineData("t|.LIB models.lib|R1 a 0 1k", 2, "'.LIB' is not supported")]
    [InlineData("t|+ R1 a 0 1k", 2, "continuation line '+' has no line before it")]
    // Names SPICE would split or read otherwise.
    [InlineData("t|V1 a 0 1|R1 a(1) 0 1k", 3, "node name 'a(1)' of R1 contains '('")]
    [InlineData("t|V1 a 0 1|R1 a,b 0 1k", 3, "node name 'a,b' of R1 contains ','")]
    [InlineData("t|V1 a 0 1|R1 a--b 0 1k", 3, "node name 'a--b' of R1 contains '--'")]
    [InlineData("t|V1 a 0 1|R$1 a 0 1k", 3, "element name 'R$1' contains '$'")]
    [InlineData("t|V1 a 0 1|R1 a é 1k", 3, "node name 'é' of R1 contains U+00E9")]
    // Structured comments that are wrong, not just unknown.
    [InlineData("t|*clln node a|V1 a 0 1|R1 a 0 1k", 2, "exactly a node name and a role")]
    [InlineData("t|*clln node a boss|V1 a 0 1|R1 a 0 1k", 2, "unknown role 'boss' for node 'a'")]
    [InlineData("t|*clln node a output|V1 a 0 1|R1 a 0 1k", 2, "node 'a' is marked output, but V1 (line 3) holds it")]
    [InlineData("t|*clln node b input|V1 a 0 1|R1 a b 1k", 2, "node 'b' is marked input, but no voltage source holds it")]
    [InlineData("t|*clln node a ground|V1 a 0 1|R1 a 0 1k", 2, "node 'a' is marked ground, but V1 (line 3) holds it at 1 V")]
    [InlineData("t|*clln node gnd output|V1 a 0 1|R1 a 0 1k", 2, "node 'gnd' is marked output, but it is SPICE's ground node")]
    [InlineData("t|*clln node a input|*clln node A bias|V1 a 0 1|R1 a 0 1k", 3, "node 'a' already has a role from line 2")]
    public void Bad_input_is_one_line_naming_the_file_and_line(string netlist, int line, string expected)
    {
        var error = Assert.Throws<InvalidNetworkException>(() => SpiceNetlist.Read(netlist.Replace('|', '\n'), "net.cir"));

        Assert.StartsWith($"net.cir:{line}: ", error.Message);
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }
}
