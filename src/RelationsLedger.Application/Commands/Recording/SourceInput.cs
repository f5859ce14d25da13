using MediatR;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Commands.Recording;

/// <summary>A source as a user gives it; the validator checks it before it becomes a <see cref="Domain.Provenance.Source"/>.</summary>
public sealed record SourceInput(string? Publisher, string? Title, string? Url = null, string? Reference = null, string? PublishedOn = null);
