namespace Clln.Actors;

/// <summary>What a phase cost and how sure its answer is.</summary>
/// <param name="Messages">Node-edge messages put on links (voltages and Norton equivalents): the physics' traffic.</param>
/// <param name="ControlMessages">The experimenter's and the clock's: phase set-up, ticks, readiness reports, probes, self-reminders.</param>
/// <param name="SweepsOrRounds">Clocked: sweeps (one tick per colour); async: node updates divided by free nodes.</param>
/// <param name="WallMs">Wall time of the phase, milliseconds.</param>
/// <param name="Dropped">Transmissions lost on links (loss injection); the link layer sent each lost message again.</param>
/// <param name="Checks">Times the network fell silent and was measured before it was certified.</param>
/// <param name="ErrorBound">Volts: a guaranteed bound on the distance to the exact equilibrium at any node.</param>
/// <param name="Certified">Whether <paramref name="ErrorBound"/> and <paramref name="ViewError"/> are within the tolerance (false only under noise).</param>
/// <param name="Threshold">Volts: the send threshold the phase ended with.</param>
/// <param name="Updates">Node relaxation steps in all.</param>
/// <param name="ViewError">
/// Volts: the largest distance between an edge's view of a terminal (what its learning rule reads)
/// and that node's measured voltage, over every edge, terminal and twin. Within the tolerance
/// when <paramref name="Certified"/>.
/// </param>
/// <param name="Barriers">
/// Times the phase waited for the whole network to fall silent: its set-up, every clocked colour
/// step, every probe. Across members each costs at least a message's trip between them; there a
/// round of clocked steps that the partitions take among themselves counts once.
/// </param>
public sealed record RelaxationStats(
    long Messages,
    long ControlMessages,
    int SweepsOrRounds,
    double WallMs,
    long Dropped,
    int Checks,
    double ErrorBound,
    bool Certified,
    double Threshold,
    long Updates,
    double ViewError,
    int Barriers = 0);
