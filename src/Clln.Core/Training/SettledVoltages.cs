using MessagePack;

namespace Clln.Core.Training;

/// <summary>
/// Every node's voltage in each twin where the last phase settled: the charge on the hardware's
/// node capacitors, the one state a network keeps between phases besides its edges. A
/// checkpoint holds it so that a resumed run starts its next phase where the undisturbed one did.
/// </summary>
[MessagePackObject]
public sealed record SettledVoltages(
    [property: Key(0)] double[] Free,
    [property: Key(1)] double[] Clamped);
