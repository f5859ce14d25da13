namespace RelationsLedger.Api.Commands;

/// <summary>
/// The 201 answer to a command: the event recorded, its stream and revision, and its global
/// position — the same token the feed uses for <c>after</c> and <c>Last-Event-ID</c>.
/// </summary>
public sealed record CommandAccepted(Guid EventId, string Type, string Stream, ulong Revision, string GlobalPosition);
