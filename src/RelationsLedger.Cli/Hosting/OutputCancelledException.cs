namespace RelationsLedger.Cli.Hosting;

/// <summary>
/// A command whose output is worth something only whole (an export to standard output) was cancelled after it began writing:
/// its message says what is left there, which cannot be taken back as an unfinished file can.
/// </summary>
public sealed class OutputCancelledException(string message, CancellationToken token) : OperationCanceledException(message, token);
