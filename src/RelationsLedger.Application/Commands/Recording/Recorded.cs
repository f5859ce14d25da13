using MediatR;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Commands.Recording;

/// <summary>What recording a command did: the event, where it landed, and whether it was there already.</summary>
public sealed record Recorded(Guid EventId, string Type, string Stream, ulong Revision, GlobalPosition Position, bool AlreadyRecorded);
