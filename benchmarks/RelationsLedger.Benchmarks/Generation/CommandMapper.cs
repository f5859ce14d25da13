using System.Globalization;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Benchmarks.Generation;

/// <summary>
/// The command a user would send to record a generated event, made through the application's one
/// event→command link (<see cref="CommandCatalogue"/>): same id (so a retry is idempotent), same
/// effective date, recorder and sources. Recording it yields the very same event.
/// </summary>
public static class CommandMapper
{
    public static RecordCommand ToCommand(GeneratedEvent g) =>
        CommandCatalogue.FromEvent(g.Event, g.Key) with
        {
            CommandId = g.EventId,
            EffectiveDate = g.EffectiveDate.ToString(),
            RecordedBy = g.Provenance.RecordedBy,
            Sources = g.Provenance.Sources.Select(s => new SourceInput(s.Publisher, s.Title, s.Url, s.Reference, s.PublishedOn?.ToString())).ToList(),
        };

    public static string Describe(GeneratedEvent g) =>
        string.Create(CultureInfo.InvariantCulture, $"{EventCatalogue.NameOf(g.Event)} {g.EventId} in {g.Key} effective {g.EffectiveDate}");
}
