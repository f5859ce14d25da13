using System.Text.Json;
using RelationsLedger.Application.Serialization;

namespace RelationsLedger.Cli.Output;

/// <summary>Machine output: the same JSON conventions as the event contract, indented.</summary>
public static class Json
{
    public static JsonSerializerOptions Options { get; } = new(LedgerJson.Contract) { WriteIndented = true };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);
}
