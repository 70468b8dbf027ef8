namespace Clln.Core.Training;

/// <summary>
/// What the edges do with a training step's two states: learn from them at once (online, the
/// lab's way), or add their contrast to a batch that <see cref="ApplyAccumulated"/> later applies
/// as its mean, once (mini-batch coupled learning: every sample of a batch seen at the same
/// conductances).
/// </summary>
public enum LearnMode
{
    /// <summary>Update from this step's contrast now (a batch of one).</summary>
    Now = 0,

    /// <summary>Add this step's contrast to the edge's batch; change nothing yet.</summary>
    Accumulate = 1,

    /// <summary>Update from the mean contrast of the batch, and empty it (no new states are read).</summary>
    ApplyAccumulated = 2,
}
