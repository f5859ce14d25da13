using System.Globalization;
using System.Text.Json.Serialization;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Application.Queries.AsOf;

/// <summary>
/// The state of a relationship as of a day (effective time), as the ledger knew it at a moment
/// (transaction time; null: everything recorded so far). Its sections are the state's kinds of item,
/// each under the kind's name (<c>relations</c>, <c>recognitions</c>, <c>designations</c>…), in the
/// kinds' order; each aspect offers its section as a property (<c>view.Designations</c>).
/// </summary>
[JsonConverter(typeof(RelationshipStateViewJson))]
public sealed record RelationshipStateView(string Relationship, string Stream, string AsOf, DateTimeOffset? KnownAt, StateSections Sections) : IStateView
{
    /// <summary>The read model the answer came from (null when answered by replaying the log).</summary>
    public ReadModelFreshness? ReadModel { get; init; }

    public static RelationshipStateView Of(RelationshipState s, DateOnly asOf, DateTimeOffset? knownAt) => Of(s.Key, StateSections.Of(s, asOf), asOf, knownAt);

    /// <summary>The view of <paramref name="key"/>'s state as of <paramref name="asOf"/> whose sections are made already (<see cref="StateSections.OfViews"/>).</summary>
    public static RelationshipStateView Of(RelationshipKey key, StateSections sections, DateOnly asOf, DateTimeOffset? knownAt) =>
        new(key.ToString(), key.StreamName, asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), knownAt, sections);
}
