using System.Text.Json;
using RelationsLedger.Application.Serialization;

namespace RelationsLedger.Cli.Output;

/// <summary>Machine output (<c>--json</c>): the answers' JSON, as the API writes it, indented.</summary>
public static class Json
{
    public static string Write<T>(T value) => JsonSerializer.Serialize(value, LedgerJson.AnswersIndented);
}
