using Clln.Core.Elements;
using Clln.Core.Model;

namespace Clln.Core.Tests.Model;

/// <summary>Bad networks are refused with one line that says where and what.</summary>
public sealed class NetworkBuilderTests
{
    private static InvalidNetworkException Refused(Action build)
    {
        var error = Assert.Throws<InvalidNetworkException>(build);
        Assert.DoesNotContain('\n', error.Message);
        return error;
    }

    [Fact]
    public void A_floating_component_is_refused_naming_one_of_its_nodes()
    {
        var error = Refused(() => new NetworkBuilder()
            .AddNode("in", NodeRole.Input, 1).AddNode("gnd", NodeRole.Ground).AddNode("a").AddNode("island1").AddNode("island2")
            .AddEdge("r1", "in", "a", new Resistor(1)).AddEdge("r2", "a", "gnd", new Resistor(1))
            .AddEdge("r3", "island1", "island2", new Resistor(1))
            .Build("net.json"));
        Assert.StartsWith("net.json: node 'island1' is floating", error.Message);
    }

    [Fact]
    public void A_free_node_with_no_edges_is_floating()
    {
        var error = Refused(() => new NetworkBuilder()
            .AddNode("in", NodeRole.Input, 1).AddNode("gnd", NodeRole.Ground).AddNode("alone")
            .AddEdge("r1", "in", "gnd", new Resistor(1)).Build());
        Assert.Contains("'alone' is floating", error.Message);
    }

    [Fact]
    public void Two_sources_forcing_one_node_to_different_voltages_are_refused()
    {
        var builder = new NetworkBuilder().AddNode("a").Hold("a", 1.0, where: "c.cir:3");
        builder.Hold("a", 1.0, where: "c.cir:4"); // the same voltage twice is consistent
        var error = Refused(() => builder.Hold("a", 2.0, where: "c.cir:5"));
        Assert.Equal("c.cir:5: node 'a' is forced to 2 V but another source already holds it at 1 V", error.Message);
    }

    [Fact]
    public void Duplicate_names_are_refused_ignoring_case()
    {
        Assert.Contains("duplicate node name 'A'", Refused(() => new NetworkBuilder().AddNode("a").AddNode("A")).Message);
        var builder = new NetworkBuilder().AddNode("a", NodeRole.Ground).AddNode("b").AddEdge("R1", "a", "b", new Resistor(1));
        Assert.Contains("duplicate edge name 'r1'", Refused(() => builder.AddEdge("r1", "a", "b", new Resistor(1))).Message);
    }

    [Fact]
    public void An_edge_to_an_undefined_node_is_refused()
    {
        var builder = new NetworkBuilder().AddNode("a", NodeRole.Ground);
        Assert.Equal("f.json: edges[0]: edge 'r1' goes to undefined node 'nowhere'",
            Refused(() => builder.AddEdge("r1", "a", "nowhere", new Resistor(1), "f.json: edges[0]")).Message);
    }

    [Fact]
    public void An_empty_network_is_refused()
    {
        Assert.Contains("the network is empty", Refused(() => new NetworkBuilder().Build("e.json")).Message);
        Assert.Contains("the network is empty", Refused(() => new NetworkBuilder().AddNode("g", NodeRole.Ground).Build("e.json")).Message);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_resistor_needs_a_positive_finite_conductance(double conductance) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Resistor(conductance));

    [Fact]
    public void Held_voltages_must_be_finite_and_ground_is_zero()
    {
        Refused(() => new NetworkBuilder().AddNode("a", NodeRole.Input, double.NaN));
        Refused(() => new NetworkBuilder().AddNode("g", NodeRole.Ground, 1.0));
    }

    [Fact]
    public void Unknown_node_lookups_name_the_node()
    {
        var n = Circuits.Build(["a=1", "gnd"], "r a gnd 1");
        Assert.Equal("unknown node 'b'", Refused(() => n.IndexOf("b")).Message);
        Assert.Equal(0, n.IndexOf("A"));
    }
}
