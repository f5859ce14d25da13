using System.Globalization;
using MediatR;
using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Queries;
using RelationsLedger.Application.Queries.Across;
using RelationsLedger.Application.Queries.AsOf;
using RelationsLedger.Domain;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;
using RelationsLedger.Projections.Relationships;

namespace RelationsLedger.Projections.Queries;

/// <summary>The state of A–B as of D (as known at T) from the item versions: one index range lookup, or the current rows held in memory.</summary>
public sealed class GetRelationshipStateFromReadModel(ReadModel readModel) : IRequestHandler<GetRelationshipState, RelationshipStateView>
{
    public async Task<RelationshipStateView> Handle(GetRelationshipState query, CancellationToken cancellationToken)
    {
        var key = RelationshipKey.Of(query.PartyA, query.PartyB);
        var asOf = QueryRules.ParseDay(query.AsOf);
        using var snapshot = await readModel.SnapshotAsync(cancellationToken);
        var connection = snapshot.Connection;
        // A relationship whose stream holds an event that is not the ledger's is refused as every reader of its stream refuses
        // it (ledger-tampered, naming the event), whether or not the projection stopped there: it passes over such events.
        if (PassedOver.FirstIn(connection, key.StreamName) is { } foreign) throw LedgerTamperedException.Unreadable(foreign);
        // As known now, from the relationship's current rows held in memory while the file still holds them; as known at a moment, by SQL.
        var view = query.KnownAt is null
            ? RelationshipStateView.Of(key, readModel.Current.SectionsAsOf(connection, key, asOf), asOf, null)
            : RelationshipStateView.Of(ReadModelQueries.StateAsOf(connection, key, asOf, query.KnownAt), asOf, query.KnownAt);
        return view with { ReadModel = snapshot.Freshness };
    }
}

public sealed class GetDesignationsByFromReadModel(ReadModel readModel) : IRequestHandler<GetDesignationsBy, AcrossView<Designation>>
{
    public Task<AcrossView<Designation>> Handle(GetDesignationsBy q, CancellationToken cancellationToken) =>
        Across.AnswerAsync(readModel, DesignationsAspect.Kind, "actor", q.Party, q.AsOf, q.KnownAt,
            $"Which parties does {q.Party} designate as of {q.AsOf}?", (s, party, day, _) => AcrossRelationships.DesignationsBy(s, party, day), cancellationToken);
}

public sealed class GetDesignationsOfFromReadModel(ReadModel readModel) : IRequestHandler<GetDesignationsOf, AcrossView<Designation>>
{
    public Task<AcrossView<Designation>> Handle(GetDesignationsOf q, CancellationToken cancellationToken) =>
        Across.AnswerAsync(readModel, DesignationsAspect.Kind, "counterpart", q.Party, q.AsOf, q.KnownAt,
            $"Who designates {q.Party} as of {q.AsOf}?", (s, party, day, _) => AcrossRelationships.DesignationsOf(s, party, day), cancellationToken);
}

public sealed class GetMissionsAtLeastFromReadModel(ReadModel readModel) : IRequestHandler<GetMissionsAtLeast, AcrossView<Mission>>
{
    public Task<AcrossView<Mission>> Handle(GetMissionsAtLeast q, CancellationToken cancellationToken)
    {
        var minimum = Application.Commands.Recording.FieldRules.Parse<MissionLevel>(q.MinimumLevel);
        return Across.AnswerAsync(readModel, MissionsAspect.Kind, "actor", q.Party, q.AsOf, q.KnownAt,
            $"Where does {q.Party} have a mission of at least {Names.Of(minimum)} as of {q.AsOf}?",
            (s, party, day, stateOn) => AcrossRelationships.MissionsAtLeast(s, party, minimum, day, stateOn), cancellationToken);
    }
}

public sealed class GetChangedRelationshipsFromReadModel(ReadModel readModel) : IRequestHandler<GetChangedRelationships, ChangedRelationshipsView>
{
    public async Task<ChangedRelationshipsView> Handle(GetChangedRelationships q, CancellationToken cancellationToken)
    {
        using var snapshot = await readModel.SnapshotAsync(cancellationToken);
        var changes = ReadModelQueries.ChangedBetween(snapshot.Connection, QueryRules.ParseDay(q.From), QueryRules.ParseDay(q.To), q.KnownAt);
        return new ChangedRelationshipsView(q.From, q.To, q.KnownAt, changes) { ReadModel = ReadModel.NamingPassedOver(snapshot.Freshness, snapshot.Connection, null) };
    }
}

internal static class Across
{
    /// <summary>
    /// Finds the party's item versions of the kind by index, then keeps the ones the shared definition
    /// (<see cref="AcrossRelationships"/>) counts, applied to a one-kind state per relationship. The definition may ask
    /// for a relationship's state as of an earlier day (a mission's level before a change that may not have happened
    /// yet): read from the same rows, as known at the same moment.
    /// </summary>
    public static async Task<AcrossView<T>> AnswerAsync<T>(
        ReadModel readModel, ItemKind kind, string column, string party, string asOfText, DateTimeOffset? knownAt, string question,
        Func<RelationshipState, string, DateOnly, Func<DateOnly, RelationshipState>, IEnumerable<RelationshipItemView<T>>> select, CancellationToken ct)
        where T : class, ITenure
    {
        var asOf = QueryRules.ParseDay(asOfText);
        using var snapshot = await readModel.SnapshotAsync(ct);
        var connection = snapshot.Connection;
        var items = ReadModelQueries.ItemsOfParty<T>(connection, kind, column, party, asOf, knownAt)
            .GroupBy(x => x.Key)
            .SelectMany(g => select(StateItems.Assemble(g.Key, g.Select((x, i) => new StateItem(kind, i, x.Item!))), party, asOf,
                day => ReadModelQueries.StateAsOf(connection, g.Key, day, knownAt)))
            .ToList();
        return new AcrossView<T>(question, asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), knownAt, items)
        {
            ReadModel = ReadModel.NamingPassedOver(snapshot.Freshness, connection, party),
        };
    }
}
