using System.Globalization;
using MediatR;
using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Queries;
using RelationsLedger.Application.Queries.Across;
using RelationsLedger.Application.Queries.AsOf;
using RelationsLedger.Application.Storage;
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
        Across.AnswerAsync<Designation>(readModel, DesignationsAspect.Kind, "actor", q.Party, q.AsOf, q.KnownAt,
            $"Which parties does {q.Party} designate as of {q.AsOf}?", (rows, day, _, _) => ValueTask.FromResult(AcrossRelationships.DesignationsBy(rows.Relationship, rows.Items, q.Party, day)), cancellationToken);
}

public sealed class GetDesignationsOfFromReadModel(ReadModel readModel) : IRequestHandler<GetDesignationsOf, AcrossView<Designation>>
{
    public Task<AcrossView<Designation>> Handle(GetDesignationsOf q, CancellationToken cancellationToken) =>
        Across.AnswerAsync<Designation>(readModel, DesignationsAspect.Kind, "counterpart", q.Party, q.AsOf, q.KnownAt,
            $"Who designates {q.Party} as of {q.AsOf}?", (rows, day, _, _) => ValueTask.FromResult(AcrossRelationships.DesignationsOf(rows.Relationship, rows.Items, q.Party, day)), cancellationToken);
}

public sealed class GetMissionsAtLeastFromReadModel(ReadModel readModel, RelationshipRepository repository) : IRequestHandler<GetMissionsAtLeast, AcrossView<Mission>>
{
    public Task<AcrossView<Mission>> Handle(GetMissionsAtLeast q, CancellationToken cancellationToken)
    {
        var minimum = Application.Commands.Recording.FieldRules.Parse<MissionLevel>(q.MinimumLevel);
        return Across.AnswerAsync<Mission>(readModel, MissionsAspect.Kind, "actor", q.Party, q.AsOf, q.KnownAt,
            $"Where does {q.Party} have a mission of at least {Names.Of(minimum)} as of {q.AsOf}?",
            async (rows, day, connection, ct) => AcrossRelationships.MissionsAtLeast(rows.Relationship, rows.Items, q.Party, minimum, day,
                AcrossRelationships.MayWalkBack(rows.Items, q.Party, minimum, day) ? await VersionBeforeAsync(connection, rows.Key, day, q.KnownAt, ct) : _ => null),
            cancellationToken);
    }

    /// <summary>
    /// A mission's earlier versions, as known at the same moment: from the rows as of the day before a version began, unless
    /// another mission fact of the relationship began on the same first day as one the walk may step through (such a version
    /// is in no day's rows); then from the relationship's record folded up to the event this answer's snapshot last applied
    /// to it. A relationship holding an event the read model passed over keeps to the rows: its record cannot be read whole.
    /// </summary>
    private async ValueTask<Func<Mission, Mission?>> VersionBeforeAsync(SqliteConnection connection, RelationshipKey key, DateOnly asOf, DateTimeOffset? knownAt, CancellationToken ct)
    {
        if (!ReadModelQueries.MissionFactsShareAFirstDay(connection, key, asOf, knownAt) || PassedOver.FirstIn(connection, key.StreamName) is not null)
            return MissionVersions.ByDay(day => ReadModelQueries.StateAsOf(connection, key, day, knownAt));
        var applied = ReadModelQueries.EventsApplied(connection, key);
        var recorded = (await repository.LoadAsync(key, ct)).Facts.Where(f => f.Revision < applied);
        return MissionVersions.InTimeline(key, Timeline.Resolve(recorded, knownAt));
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
    /// (<see cref="AcrossRelationships"/>) counts, applied to each relationship's items of the party in list order — no state
    /// is assembled: the definition reads only that list (round 51). It may need more of a relationship (a mission's level
    /// before a change that may not have happened yet): it is given the snapshot's connection, to read it as known at the same moment.
    /// </summary>
    public static async Task<AcrossView<T>> AnswerAsync<T>(
        ReadModel readModel, ItemKind kind, string column, string party, string asOfText, DateTimeOffset? knownAt, string question,
        Func<PartyItems<T>, DateOnly, SqliteConnection, CancellationToken, ValueTask<IEnumerable<RelationshipItemView<T>>>> select, CancellationToken ct)
        where T : class, ITenure
    {
        var asOf = QueryRules.ParseDay(asOfText);
        using var snapshot = await readModel.SnapshotAsync(ct);
        var connection = snapshot.Connection;
        var items = new List<RelationshipItemView<T>>();
        foreach (var relationship in ReadModelQueries.ItemsOfParty<T>(connection, kind, column, party, asOf, knownAt))
            items.AddRange(await select(relationship, asOf, connection, ct));
        return new AcrossView<T>(question, asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), knownAt, items)
        {
            ReadModel = ReadModel.NamingPassedOver(snapshot.Freshness, connection, party),
        };
    }
}
