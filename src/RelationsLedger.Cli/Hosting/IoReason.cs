namespace RelationsLedger.Cli.Hosting;

/// <summary>Why a file could not be read or written, in the system's words without the path .NET appends (<c> : '/path'</c>) — a command names the file its own way.</summary>
public static class IoReason
{
    public static string Of(IOException e) =>
        (e.Message.IndexOf(" : '", StringComparison.Ordinal) is > 0 and var at ? e.Message[..at] : e.Message).TrimEnd('.');
}
