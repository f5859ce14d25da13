using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Queries.Across;

/// <summary>The answer to a question across relationships as of a day, optionally as known at a moment.</summary>
public sealed record AcrossView<T>(string Question, string AsOf, DateTimeOffset? KnownAt, IReadOnlyList<RelationshipItemView<T>> Items) where T : class, ITenure
{
    public ReadModelFreshness? ReadModel { get; init; }
}
