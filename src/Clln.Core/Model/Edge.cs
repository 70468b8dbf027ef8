using Clln.Core.Elements;

namespace Clln.Core.Model;

/// <summary>An edge from node <see cref="From"/> to node <see cref="To"/> (indices into the network's nodes).</summary>
/// <remarks>Positive current flows from <see cref="From"/> to <see cref="To"/>.</remarks>
public sealed record Edge(string Name, int From, int To, IEdgeElement Element);
