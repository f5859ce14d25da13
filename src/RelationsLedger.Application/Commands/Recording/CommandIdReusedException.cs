namespace RelationsLedger.Application.Commands.Recording;

/// <summary>
/// The command's id (a client-chosen <c>--command-id</c> or idempotency key) already recorded a different
/// command: the event under it has other content. Nothing was recorded; a retry must repeat the command exactly.
/// <paramref name="difference"/>, when known, says what differs and how to retry (<see cref="RecordedContent"/>).
/// </summary>
public sealed class CommandIdReusedException(Guid commandId, string stream, ulong? revision, string? difference = null)
    : Exception($"Command id {commandId} was already used for a different command: event {commandId} in {stream}" +
        $"{(revision is { } r ? $" (revision {r})" : "")} records other content.{(difference is null ? "" : $" {difference}")} " +
        "Reuse a command id only to retry the identical command; nothing was recorded.")
{
    public Guid CommandId { get; } = commandId;
    public string Stream { get; } = stream;
    public ulong? Revision { get; } = revision;

    /// <summary>What differs, and how to retry, when that is known; else null.</summary>
    public string? Difference { get; } = difference;
}
