namespace Clln.Core.Model;

/// <summary>
/// Bad input of any kind (a file, a data set, an experiment): the message is one line and names the
/// file and the line or field where the problem is, so the command line can print it as it is.
/// </summary>
public class BadInputException(string message) : Exception(message);

/// <summary>Bad input that describes a network: a malformed file, a floating component, ...</summary>
public sealed class InvalidNetworkException(string message) : BadInputException(message);
