namespace RelationsLedger.Application.Commands.Recording;

/// <summary>
/// The command's id (a client-chosen <c>--command-id</c> or idempotency key) already recorded a different
/// command: the event under it has other content. Nothing was recorded; a retry must repeat the command exactly.
/// <paramref name="difference"/>, when known, says what differs and how to retry (<see cref="RecordedContent"/>);
/// <paramref name="item"/> names a batch's command ("line 412", "commands[3]"), as its other refusals are named.
/// </summary>
public sealed class CommandIdReusedException(Guid commandId, string stream, ulong? revision, string? difference = null, string? item = null)
    : Exception($"{(item is null ? "" : $"{item}: ")}Command id {commandId} was already used for a different command: event {commandId} in {stream}" +
        $"{(revision is { } r ? $" (revision {r})" : "")} records other content.{(difference is null ? "" : $" {difference}")} " +
        "Reuse a command id only to retry the identical command; nothing was recorded.")
{
    public Guid CommandId { get; } = commandId;
    public string Stream { get; } = stream;
    public ulong? Revision { get; } = revision;

    /// <summary>What differs, and how to retry, when that is known; else null.</summary>
    public string? Difference { get; } = difference;

    /// <summary>The batch's command that gives the id ("line 412"), or null for a command sent alone.</summary>
    public string? Item { get; } = item;

    /// <summary>
    /// This refusal, naming the batch's command that gave the id. Before round 42 a batch of 1000 lines was refused with the
    /// id alone, and the user searched the file for it.
    /// </summary>
    public CommandIdReusedException Of(string batchItem) => new(CommandId, Stream, Revision, Difference, batchItem);
}
