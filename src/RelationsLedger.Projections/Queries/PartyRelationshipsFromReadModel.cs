using System.Globalization;
using MediatR;
using RelationsLedger.Application.Queries.Parties;

namespace RelationsLedger.Projections.Queries;

/// <summary>The party's relationships from the <c>relationships</c> table, each with the first day of its current facts.</summary>
public sealed class GetPartyRelationshipsFromReadModel(ReadModel readModel) : IRequestHandler<GetPartyRelationships, PartyRelationshipsView>
{
    public async Task<PartyRelationshipsView> Handle(GetPartyRelationships query, CancellationToken cancellationToken)
    {
        using var snapshot = await readModel.SnapshotAsync(cancellationToken);
        var connection = snapshot.Connection;
        using var cmd = connection.CreateCommand();
        cmd.CommandText = """
            SELECT r.key, r.first_party, r.second_party, r.events, r.last_recorded_at,
                   (SELECT MIN(f.start_day) FROM facts f WHERE f.rel_id = r.id AND f.superseded_at = 9223372036854775807)
            FROM relationships r WHERE r.first_party = $party OR r.second_party = $party ORDER BY r.key
            """;
        cmd.Parameters.AddWithValue("$party", query.Party);
        var list = new List<PartyRelationship>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            var other = r.GetString(1) == query.Party ? r.GetString(2) : r.GetString(1);
            var since = r.IsDBNull(5) ? null : DateOnly.FromDayNumber(r.GetInt32(5)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            list.Add(new(r.GetString(0), other, r.GetInt64(3), new DateTimeOffset(r.GetInt64(4), TimeSpan.Zero), since));
        }
        r.Close();
        return new PartyRelationshipsView(query.Party, list) { ReadModel = ReadModel.NamingPassedOver(snapshot.Freshness, connection, query.Party) };
    }
}
