namespace Clln.Actors.Coordination;

/// <summary>
/// Whether a phase's certified error is still falling from one check to the next. There is no cap
/// on checks: a phase goes on while its error keeps halving, and gives up, saying why, once
/// <see cref="ChecksWithoutProgress"/> checks in a row have not halved the best so far (the
/// tolerance is below what the network resolves in double precision, or it does not settle).
/// Electrical and elastic phases use the same rule.
/// </summary>
internal sealed class ErrorProgress
{
    /// <summary>
    /// Checks in a row that may fail to halve the best error before a phase stops as stuck: each
    /// lowers the send threshold at least twofold (or refreshes the links), so an error that stands
    /// still through ten of them (a thousandfold lower threshold) will not move.
    /// </summary>
    public const int ChecksWithoutProgress = 10;

    /// <summary>The smallest error seen at a check that halved the one before it.</summary>
    public double Best { get; private set; } = double.PositiveInfinity;

    /// <summary>Checks in a row since the error last halved.</summary>
    public int Stalled { get; private set; }

    /// <summary>Records a check's error; false once the error has stopped falling.</summary>
    public bool Record(double error)
    {
        if (error < 0.5 * Best)
        {
            (Best, Stalled) = (error, 0);
            return true;
        }
        return ++Stalled < ChecksWithoutProgress;
    }
}
