using Clln.Core.Solving;

namespace Clln.Actors;

/// <summary>Both twins settled in one phase, and what it cost.</summary>
public sealed record TwinEquilibrium(Equilibrium Free, Equilibrium Clamped, RelaxationStats Stats);

/// <summary>One network solved by the actors: the (free) equilibrium and what it cost.</summary>
public sealed record ActorSolution(Equilibrium Equilibrium, RelaxationStats Stats);

/// <summary>A node's voltage in each twin, as its actor reports it.</summary>
public sealed record NodeVoltages(string Name, double Free, double Clamped);
