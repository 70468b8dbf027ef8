namespace Clln.Actors;

/// <summary>A phase that could not settle (diverged, halted, cancelled, an actor failed). The message is one line.</summary>
public sealed class RelaxationException(string message) : Exception(message);
