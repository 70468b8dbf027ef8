using System.Runtime.Serialization;
using Akka.Actor;
using Clln.Actors.Coordination;
using Clln.Actors.Edges;
using Clln.Actors.Members;
using Clln.Actors.Nodes;
using Clln.Actors.Serialization;
using Clln.Core.Elements;
using Clln.Core.Training;

namespace Clln.Actors.Tests;

/// <summary>Every protocol message crosses a process boundary intact through the project's serializer, and nothing else does.</summary>
public sealed class SerializationSpecs : EngineSpec
{
    /// <summary>One instance of every registered message type, with values that would expose a swapped field (<paramref name="someone"/>: a reference to carry).</summary>
    internal static IEnumerable<object> Samples(IActorRef? someone = null)
    {
        someone ??= ActorRefs.Nobody;
        yield return new NodeVoltage(3, 17, 42, 0.125, -0.75, true);
        yield return new EdgeNorton(3, 18, 2, 1.5, 0.25, 2.5, -0.5);
        yield return new NodePhase(4, 1.0, double.NaN, double.NaN, 0.5, true);
        yield return new EdgePhase(4, ElementWire.From(new Resistor(0.02)), 2);
        yield return new EdgePhase(5, null, 0);
        yield return new Tick(6, 12, TickKind.Refresh);
        yield return new Probe(7);
        yield return new Relax(8);
        yield return new Ready(9, 10);
        yield return new NodeReading(9, 11, 0.3, 0.4);
        yield return new Diverged(9, 12);
        yield return new EdgeProbe(9);
        yield return new EdgeReading(9, 13, 0.1, 0.2, 0.3, 0.4);
        yield return Quiet.Instance;
        yield return new RunPhase([1.0, double.NaN], [1.0, 0.2], [ElementWire.From(new Resistor(3)), ElementWire.From(new Potentiometer(TapLadder.Lab, 37))], [double.NaN, 0.1]);
        yield return new PhaseOutcome(2, [0.1, 0.2], [0.3, 0.4], 100, 20, 3, 7, 2, 12.5, 1e-7, true, 1e-9, 55, 2e-8, 9);
        yield return new MeasureNode("n1_1");
        yield return new NodeMeasurement("n1_1", 0.5, 0.6);
        yield return new Failed("unknown node 'x'", true);
        yield return new Halt("cancelled");
        yield return new NodePhase(4, double.NaN, double.NaN, double.NaN, double.NaN, false, 0.625, 0.5);
        yield return new RunPhase([1.0, double.NaN], [1.0, double.NaN], null, null, [double.NaN, 0.7], 0.25);
        yield return new Learn(11, 1_234_567_890_123);
        yield return new LearnStep(42);
        yield return new Learned(11, 7, ElementWire.From(new Potentiometer(TapLadder.Lab, 12)));
        yield return new Learned(11, 8, null);
        yield return new LearnOutcome([ElementWire.From(new Resistor(0.5)), ElementWire.From(new Resistor(2))], 1);
        yield return new Routed(Recipient.Edge, 12, new NodeVoltage(3, 17, 42, 0.125, -0.75, false));
        yield return new Routed(Recipient.Coordinator, 0, new Learned(11, 8, ElementWire.From(new Resistor(0.25))));
        yield return new MemberSettings(1e-9, 1.5, true);
        yield return ReportPoll.Instance;
        yield return new PartitionReport(2, 7, true, [1, 2, 3], [4, 5, 6], 12, 13, 14, 15, 16);
        yield return new RoutedBatch(1, [new Routed(Recipient.Node, 3, new EdgeNorton(3, 18, 2, 1.5, 0.25, 2.5, -0.5)), new Routed(Recipient.Coordinator, 0, new Ready(9, 10))]);
        yield return new BatchTaken(-1);
        yield return new WiringChunk("run-1", 2, 0, 3, [1, 2, 3]);
        yield return new ChunkTaken("run-1", 2, 0, someone);
        yield return new RefTable("run-1", someone, [someone, someone]);
        yield return new RefTableApplied("run-1", 2);
        yield return new EndRun("run-1", 2);
        yield return new NodeReset(12, 0.375, -0.125);
        yield return new EdgeReset(12, ElementWire.From(new Potentiometer(TapLadder.Lab, 9)), 0.1, 0.2, 0.3, 0.4);
        yield return new ResetState([0.1, 0.2], [0.3, 0.4], [ElementWire.From(new Resistor(0.5))]);
        // Continuous learning's fields.
        yield return new NodeVoltage(3, 19, 42, 0.125, -0.75, false, 7);
        yield return new EdgeNorton(3, 20, 2, 1.5, 0.25, 2.5, -0.5, 8);
        yield return new NodePhase(4, double.NaN, double.NaN, double.NaN, double.NaN, false, 0.625, 0.5, Damping: 0.4375);
        yield return new EdgePhase(5, null, 1, 0.125, 9_876_543_210);
        yield return new Tick(6, 13, TickKind.Integrate);
        yield return new RunPhase([1.0, double.NaN], [1.0, double.NaN], null, null, [double.NaN, 0.7], 0.25, false, 24, 0.375, 77);
        yield return new Learn(11, 5, LearnMode.Now, 24);
        yield return new LearnStep(43, LearnMode.Now, 24);
        yield return new ResetState([0.1], [0.3], null);
        yield return ResetDone.Instance;
        // Clocked steps among the partitions.
        yield return new StepFrom(4, 2, 17, 1, true, TickKind.Refresh, 1200, 100_000);
        yield return new StepDone(4, 2, 33, 31, int.MaxValue, 32);
        yield return new StepsStopped(4, 1, 40, 31, 7, 12, true);
        yield return new Routed(Recipient.Host, 0, new StepDone(5, 3, 34, -1, 30, -1));
        yield return new RoutedBatch(2, [new Routed(Recipient.Host, 0, new StepsStopped(5, 2, 41, 33, -1, int.MaxValue, false))], Ack: false);
    }

    public static TheoryData<int, string> SampleNames()
    {
        var data = new TheoryData<int, string>();
        var index = 0;
        foreach (var sample in Samples()) data.Add(index++, sample.GetType().Name);
        return data;
    }

    [Fact]
    public void Every_registered_type_has_a_sample_and_is_bound_to_the_project_serializer()
    {
        var sampled = Samples().Select(s => s.GetType()).ToHashSet();
        foreach (var type in ProtocolRegistry.Types)
        {
            Assert.Contains(type, sampled);
            Assert.True(typeof(IEngineMessage).IsAssignableFrom(type), $"{type.Name} is not marked as an engine message");
        }
        foreach (var sample in Samples())
            Assert.IsType<CllnSerializer>(Sys.Serialization.FindSerializerFor(sample));
        // And every engine message type in the assembly is registered.
        var declared = typeof(IEngineMessage).Assembly.GetTypes().Where(t => typeof(IEngineMessage).IsAssignableFrom(t) && !t.IsInterface);
        Assert.All(declared, t => Assert.Contains(t, ProtocolRegistry.Types));
    }

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void Every_message_round_trips(int index, string type)
    {
        var sample = Samples(TestActor).ElementAt(index);
        Assert.Equal(type, sample.GetType().Name);
        var serializer = (CllnSerializer)Sys.Serialization.FindSerializerFor(sample);
        var bytes = serializer.ToBinary(sample);
        var back = serializer.FromBinary(bytes, serializer.Manifest(sample));
        Assert.IsType(sample.GetType(), back);
        Assert.Equal(bytes, serializer.ToBinary(back)); // every field survived (arrays included)
        if (sample.GetType().GetProperties().All(p => !p.PropertyType.IsArray && p.PropertyType != typeof(ElementWire) && p.PropertyType != typeof(IEngineMessage)))
            Assert.Equal(sample, back);
    }

    [Fact]
    public void Elements_come_back_as_the_same_physics()
    {
        var ladder = TapLadder.LinearSpaced(10, 100, 1000);
        IEdgeElement[] elements = [new Resistor(0.125), new Potentiometer(TapLadder.Lab, 12), new Potentiometer(ladder, 3)];
        foreach (var element in elements)
        {
            var back = ElementWire.From(element).ToElement();
            Assert.Equal(element.Kind, back.Kind);
            Assert.Equal(element.Respond(0.7, -0.2), back.Respond(0.7, -0.2));
        }
    }

    [Fact]
    public void Unregistered_types_and_manifests_are_refused()
    {
        var serializer = new CllnSerializer((ExtendedActorSystem)Sys);
        Assert.Throws<ArgumentException>(() => serializer.ToBinary("a string"));
        Assert.Throws<ArgumentException>(() => serializer.Manifest(new object()));
        Assert.Throws<SerializationException>(() => serializer.FromBinary([0x90], "no-such-manifest"));
        // Only node, edge and coordinator messages may be routed to another partition.
        Assert.ThrowsAny<Exception>(() => serializer.ToBinary(new Routed(Recipient.Node, 0, new LearnStep(1))));
    }

    [Fact]
    public void An_actor_reference_travels_as_its_path_and_resolves_to_the_same_actor()
    {
        var serializer = new CllnSerializer((ExtendedActorSystem)Sys);
        var table = new RefTable("run-1", TestActor, [TestActor]);
        var back = (RefTable)serializer.FromBinary(serializer.ToBinary(table), serializer.Manifest(table));
        Assert.Equal(TestActor, back.Coordinator);
        back.Hosts[0].Tell("hello");
        ExpectMsg("hello");
    }
}

/// <summary>One whole engine run in a system that serializes every message it delivers.</summary>
public sealed class SerializeEveryMessageSpecs() : EngineSpec("akka.actor.serialize-messages = on")
{
    [Theory]
    [InlineData(Schedule.Clocked)]
    [InlineData(Schedule.Async)]
    public async Task The_engine_settles_with_every_message_serialized(Schedule schedule)
    {
        Assert.True(Sys.Settings.SerializeAllMessages);
        var network = TestNetworks.Lattice(4, 4, periodic: true, seed: 51);
        await using var engine = ActorEngine.Start(network, new ActorEngineOptions { Schedule = schedule, Tolerance = 1e-6, Drop = 0.05 }, Sys);
        var settled = await engine.RelaxAsync();
        AssertMatchesReference(network, settled.Free, 1e-6);
        var elements = network.Edges.Select(e => (IEdgeElement)new Resistor(e.Element.LinearConductance!.Value * 2)).ToArray();
        var again = await engine.RelaxAsync(new PhaseSpec(Elements: elements));
        AssertMatchesReference(network.WithElements(elements), again.Free, 1e-6);
        Assert.Equal("n0_0", (await engine.MeasureAsync("n0_0")).Name);
    }
}
