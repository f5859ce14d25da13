using System.Text.Json;
using System.Text.Json.Nodes;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Serialization;

namespace RelationsLedger.Benchmarks.Generation;

/// <summary>
/// A generated command as an HTTP client sends it: <c>POST /commands/&lt;name&gt;</c> with the command's JSON
/// in the API's own conventions (<see cref="LedgerJson.Commands"/>). Only the fields the API reads are written
/// (<see cref="CommandJson.FieldsOf"/>): a record's computed properties would be refused as unknown fields.
/// </summary>
public sealed record HttpCommand(string Path, byte[] Json, string Relationship)
{
    public static HttpCommand Of(RecordCommand command)
    {
        var type = command.GetType();
        var json = (JsonObject)JsonSerializer.SerializeToNode(command, type, LedgerJson.Commands)!;
        var fields = CommandJson.FieldsOf(type);
        foreach (var name in json.Select(p => p.Key).Where(k => !fields.ContainsKey(k)).ToList()) json.Remove(name);
        var (a, b) = command.Parties();
        return new($"/commands/{CommandCatalogue.ForCommand(type).Name}", JsonSerializer.SerializeToUtf8Bytes(json), Domain.Parties.RelationshipKey.Of(a, b).ToString());
    }
}
