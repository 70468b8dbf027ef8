using Clln.Core.Mechanics;
using Clln.Core.Model;

namespace Clln.Core.Tests.Mechanics;

/// <summary>Elastic networks: their equilibria against independent truths, and the strict refusals of degenerate ones.</summary>
public sealed class SpringNetworkTests
{
    /// <summary>
    /// A free node at the origin held by four unit springs (k = 1 N/m, l = 1 m) to nodes at
    /// (+-1, 0) and (0, +-1); the right one is pulled out by delta. By symmetry the node moves
    /// along x to s where (delta - s) - s - 2 s (1 - 1/sqrt(1 + s^2)) = 0, found here by bisection.
    /// </summary>
    [Theory]
    [InlineData(0.01)]
    [InlineData(0.3)]
    public void A_node_between_four_springs_moves_where_its_force_balance_says(double delta)
    {
        var network = new SpringNetwork(
            [new("o", 0, 0), new("e", 1, 0, Held: true), new("w", -1, 0, Held: true), new("n", 0, 1, Held: true), new("s", 0, -1, Held: true)],
            [new("se", 0, 1, 1, 1), new("sw", 0, 2, 1, 1), new("sn", 0, 3, 1, 1), new("ss", 0, 4, 1, 1)]);
        var held = network.RestPositions();
        held[2] += delta;
        var state = SpringSolver.Solve(network, held);

        double Balance(double s) => (delta - s) - s - 2 * s * (1 - 1 / Math.Sqrt(1 + s * s));
        double lo = 0, hi = delta;
        for (var k = 0; k < 200; k++) (lo, hi) = Balance((lo + hi) / 2) > 0 ? ((lo + hi) / 2, hi) : (lo, (lo + hi) / 2);
        Assert.Equal((lo + hi) / 2, state.Positions[0], 12);
        Assert.Equal(0.0, state.Positions[1], 12);
    }

    /// <summary>
    /// For small imposed displacements the equilibrium is small-strain elasticity's: K_ff u_f = -K_fh u_h
    /// with K the stiffness matrix at rest; for large ones it is not (the check can fail).
    /// </summary>
    [Fact]
    public void Small_displacements_agree_with_small_strain_linear_elasticity_and_large_ones_do_not()
    {
        var network = SpringLattice.Triangulated(4, 4, seed: 3);
        double Mismatch(double delta)
        {
            var rest = network.RestPositions();
            var held = rest.ToArray();
            held[0] += delta; // n0_0 to the right
            held[7] -= delta; // n0_3 down
            var newton = SpringSolver.Solve(network, held);
            var k = SpringForces.Hessian(network, rest);
            var free = Enumerable.Range(0, rest.Length).Where(d => !network.Nodes[d / 2].Held).ToArray();
            var fixedDofs = Enumerable.Range(0, rest.Length).Where(d => network.Nodes[d / 2].Held).ToArray();
            var rhs = free.Select(i => -fixedDofs.Sum(j => k[i, j] * (held[j] - rest[j]))).ToArray();
            var factor = SymmetricSystem.Restrict(k, free);
            Assert.Null(SymmetricSystem.Factor(factor, 0));
            var linear = SymmetricSystem.Solve(factor, rhs);
            var u = free.Select(i => newton.Positions[i] - rest[i]).ToArray();
            return u.Zip(linear, (a, b) => Math.Abs(a - b)).Max() / u.Max(Math.Abs);
        }
        Assert.True(Mismatch(1e-6) < 1e-4, $"relative mismatch {Mismatch(1e-6):G3} at 1 um");
        Assert.True(Mismatch(0.3) > 1e-2, $"relative mismatch {Mismatch(0.3):G3} at 30 cm: large strains should not be linear");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Every_free_node_balances_and_the_equilibrium_is_an_energy_minimum(int seed)
    {
        var network = SpringLattice.Triangulated(3 + seed % 3, 4, seed);
        var random = new Random(seed);
        var held = network.RestPositions();
        for (var d = 0; d < held.Length; d++)
            if (network.Nodes[d / 2].Held) held[d] += 0.4 * (random.NextDouble() - 0.5);
        var state = SpringSolver.Solve(network, held);
        var force = SpringForces.Gradient(network, state.Positions);
        for (var d = 0; d < force.Length; d++)
            if (!network.Nodes[d / 2].Held) Assert.True(Math.Abs(force[d]) < 1e-9, $"net force {force[d]:G3} N on coordinate {d}");
        for (var trial = 0; trial < 20; trial++)
        {
            var nudged = state.Positions.ToArray();
            for (var d = 0; d < nudged.Length; d++)
                if (!network.Nodes[d / 2].Held) nudged[d] += 1e-4 * (random.NextDouble() - 0.5);
            Assert.True(SpringForces.Energy(network, nudged) > state.Energy, "a nearby configuration has less energy");
        }
    }

    public static TheoryData<string, string> Degenerate() => new()
    {
        { "coincident", "node 'b' sits where node 'a' sits (0, 0): coincident nodes" },
        { "zero length", "spring 's1': a zero-length or negative rest length (0) has no direction to push along" },
        { "floppy", "node 'c' can move without stretching any spring: the network is not rigid under its held nodes" },
        { "self", "spring 's1': joins node 'a' to itself" },
        { "soft", "spring 's1': stiffness must be positive and finite, not -1" },
    };

    [Theory]
    [MemberData(nameof(Degenerate))]
    public void Degenerate_networks_are_refused_in_one_line_naming_the_element(string kind, string message)
    {
        MechanicalNode a = new("a", 0, 0, Held: true), b = new("b", 1, 0, Held: true), c = new("c", 0.5, 1);
        var e = Assert.Throws<InvalidNetworkException>(() => kind switch
        {
            "coincident" => new SpringNetwork([a, b with { X = 0 }, c], [new("s1", 0, 2, 1, 1), new("s2", 1, 2, 1, 1)]),
            "zero length" => new SpringNetwork([a, b, c], [new("s1", 0, 2, 1, 0), new("s2", 1, 2, 1, 1)]),
            "floppy" => new SpringNetwork([a, b, c], [new("s1", 0, 2, 1, 1.1)]), // one spring: c swings about a
            "self" => new SpringNetwork([a, b, c], [new("s1", 0, 0, 1, 1)]),
            _ => new SpringNetwork([a, b, c], [new("s1", 0, 2, -1, 1), new("s2", 1, 2, 1, 1)]),
        });
        Assert.Equal(message, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}
