namespace ComputeSim.Model;

/// <summary>Bad user input: a file, flag or value that cannot be used. The message is one line naming the culprit.</summary>
/// <remarks>The CLI prints the message alone and exits with code 2; it never shows a stack trace for these.</remarks>
public sealed class InputException(string message) : Exception(message);
