namespace Clln.Core.Model;

/// <summary>
/// Bad input: a network that cannot be built or solved. The message is one line and names the
/// file and the line or field where the problem is, so the command line can print it as it is.
/// </summary>
public sealed class InvalidNetworkException(string message) : Exception(message);
