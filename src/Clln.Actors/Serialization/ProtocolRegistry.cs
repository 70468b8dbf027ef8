using Clln.Actors.Coordination;
using Clln.Actors.Edges;
using Clln.Actors.Members;
using Clln.Actors.Nodes;

namespace Clln.Actors.Serialization;

/// <summary>
/// Every message type of the engine's protocol and its short manifest on the wire. A type not
/// listed here is refused by <see cref="CllnSerializer"/>; the HOCON bindings are generated from
/// this list, so the two cannot drift apart.
/// </summary>
public static class ProtocolRegistry
{
    private static readonly (Type Type, string Manifest)[] Entries =
    [
        (typeof(NodeVoltage), "nv"),
        (typeof(EdgeNorton), "en"),
        (typeof(NodePhase), "np"),
        (typeof(EdgePhase), "ep"),
        (typeof(Tick), "tk"),
        (typeof(Probe), "pr"),
        (typeof(Relax), "rx"),
        (typeof(Ready), "rd"),
        (typeof(NodeReading), "nr"),
        (typeof(Diverged), "dv"),
        (typeof(Quiet), "qt"),
        (typeof(RunPhase), "rp"),
        (typeof(PhaseOutcome), "po"),
        (typeof(MeasureNode), "mn"),
        (typeof(NodeMeasurement), "nm"),
        (typeof(Failed), "fl"),
        (typeof(Halt), "ht"),
        (typeof(Learn), "ln"),
        (typeof(LearnStep), "ls"),
        (typeof(Learned), "ld"),
        (typeof(LearnOutcome), "lo"),
        (typeof(Routed), "rt"),
        (typeof(MemberSettings), "ms"),
        (typeof(ReportPoll), "cp"),
        (typeof(PartitionReport), "mc"),
        (typeof(RoutedBatch), "rb"),
        (typeof(BatchTaken), "bt"),
        (typeof(WiringChunk), "wc"),
        (typeof(ChunkTaken), "ct"),
        (typeof(RefTable), "tb"),
        (typeof(RefTableApplied), "ta"),
        (typeof(EndRun), "er"),
        (typeof(NodeReset), "nx"),
        (typeof(EdgeReset), "ex"),
        (typeof(ResetState), "rs"),
        (typeof(ResetDone), "rn"),
        (typeof(EdgeProbe), "eq"),
        (typeof(EdgeReading), "eg"),
        (typeof(StepFrom), "sf"),
        (typeof(StepDone), "sd"),
        (typeof(StepsStopped), "ss"),
    ];

    private static readonly Dictionary<Type, string> ByType = Entries.ToDictionary(e => e.Type, e => e.Manifest);
    private static readonly Dictionary<string, Type> ByManifest = Entries.ToDictionary(e => e.Manifest, e => e.Type);

    public static IReadOnlyList<Type> Types { get; } = Entries.Select(e => e.Type).ToArray();

    /// <summary>The messages that may travel inside <see cref="Routed"/>: the union declared on <see cref="IEngineMessage"/>.</summary>
    private static readonly HashSet<Type> Routable = typeof(IEngineMessage).GetCustomAttributes(typeof(MessagePack.UnionAttribute), false)
        .Cast<MessagePack.UnionAttribute>().Select(u => u.SubType).ToHashSet();

    public static bool IsRoutable(Type type) => Routable.Contains(type);

    public static bool TryGetManifest(Type type, out string manifest) => ByType.TryGetValue(type, out manifest!);

    public static bool TryGetType(string manifest, out Type type) => ByManifest.TryGetValue(manifest, out type!);
}
