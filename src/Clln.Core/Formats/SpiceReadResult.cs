using Clln.Core.Model;

namespace Clln.Core.Formats;

/// <summary>A netlist read into a network, and what the reader ignored on the way.</summary>
/// <param name="Warnings">One line each, starting with "file:line: ", for lines ignored but not wrong (other dot lines, a .control block).</param>
public sealed record SpiceReadResult(Network Network, IReadOnlyList<string> Warnings);
