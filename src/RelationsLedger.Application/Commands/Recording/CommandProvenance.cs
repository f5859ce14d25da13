using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Provenance;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Commands.Recording;

/// <summary>The provenance a (validated) command records: its recorder and sources trimmed, the correlation defaulting to the command id.</summary>
public static class CommandProvenance
{
    public static Provenance Of(RecordCommand c)
    {
        var correlation = c.CorrelationId ?? c.CommandId;
        return new(c.RecordedBy.Trim(),
            c.Sources.Select(s => new Source(s.Publisher!.Trim(), s.Title!.Trim(), s.Url?.Trim(), s.Reference?.Trim(),
                s.PublishedOn is null ? null : PartialDate.Parse(s.PublishedOn))).ToList(),
            correlation, c.CausationId ?? correlation, c.RecordedThrough);
    }
}
