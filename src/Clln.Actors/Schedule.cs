namespace Clln.Actors;

/// <summary>How node updates are ordered in time.</summary>
public enum Schedule
{
    /// <summary>
    /// A global clock with a barrier per colour step: nodes of one colour (no two of them
    /// neighbours) update together from what the last step left, so a sweep is a multicolour
    /// Gauss-Seidel sweep. Bit-for-bit repeatable for a seed, whatever the thread timing.
    /// </summary>
    Clocked,

    /// <summary>Free-running: every node relaxes as soon as news reaches it (chaotic relaxation).</summary>
    Async,
}
