using System.Text;
using System.Text.Json;
using RelationsLedger.Application.Serialization;

namespace RelationsLedger.Application.Tests.Serialization;

/// <summary>
/// An event's data that does not read as its type is refused in the contract's words: the field, what was given, what the
/// type takes — never a class name of the code, a "LineNumber: 0", or advice to change a nullability annotation.
/// </summary>
public sealed class EventDataProblemTests
{
    private const string Good = """{"actor":"RU","counterpart":"taliban","speaker":"Vladimir Putin","stance":"ally","summary":"Calls the Taliban an ally."}""";

    [Theory]
    // Before: "The JSON value could not be converted to RelationsLedger.Domain.Aspects.StatementMade. Path: $.speaker | LineNumber: 0 | BytePositionInLine: 52."
    [InlineData("\"speaker\":\"Vladimir Putin\"", "\"speaker\":true", "$.speaker", "true is not text, which StatementMade v1 takes for 'speaker' (docs/events.md)")]
    [InlineData("\"speaker\":\"Vladimir Putin\"", "\"speaker\":{\"a\":1}", "$.speaker", "{\"a\":1} is not text, which StatementMade v1 takes for 'speaker' (docs/events.md)")]
    [InlineData("\"stance\":\"ally\"", "\"stance\":3", "$.stance", "3 is not one of ally, partner, neutral, hostile, which StatementMade v1 takes for 'stance' (docs/events.md)")]
    [InlineData("\"stance\":\"ally\"", "\"stance\":\"friend\"", "$.stance", "\"friend\" is not one of ally, partner, neutral, hostile, which StatementMade v1 takes for 'stance' (docs/events.md)")]
    // Before: "The constructor parameter 'Speaker' on type '…StatementMade' doesn't allow null values. Consider updating its nullability annotation. …"
    [InlineData("\"speaker\":\"Vladimir Putin\"", "\"speaker\":null", "$.speaker", "'speaker' is null; StatementMade v1 takes text there (docs/events.md)")]
    // Before: "JSON deserialization for type 'RelationsLedger.Domain.Aspects.StatementMade' was missing required properties including: 'speaker'."
    [InlineData("\"speaker\":\"Vladimir Putin\",", "", "$", "StatementMade v1 needs 'speaker' (docs/events.md), which the data does not give")]
    // Before: "The JSON property 'extra' could not be mapped to any .NET member contained in type 'RelationsLedger.Domain.Aspects.StatementMade'."
    [InlineData("\"stance\":\"ally\"", "\"stance\":\"ally\",\"extra\":1", "$.extra", "'extra' is not a field of StatementMade v1 (docs/events.md)")]
    public void Data_of_the_wrong_shape_is_refused_in_the_contracts_words(string replaced, string by, string? path, string expected)
    {
        var data = Good.Replace(replaced, by, StringComparison.Ordinal);

        var e = Assert.Throws<JsonException>(() => EventJson.DeserializeData("StatementMade", 1, Encoding.UTF8.GetBytes(data)));

        Assert.Equal(expected, e.Message);
        Assert.Equal(path, e.Path);
        Assert.DoesNotContain("RelationsLedger.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_cut_short_keeps_the_readers_reason_without_its_position()
    {
        // Any other refusal: .NET's reason stays, its position ("LineNumber: 0 | BytePositionInLine: 14.") goes.
        var e = Assert.Throws<JsonException>(() => EventJson.DeserializeData("StatementMade", 1, Encoding.UTF8.GetBytes("""{"actor":"RU",""")));

        Assert.DoesNotContain("LineNumber", e.Message, StringComparison.Ordinal);
    }
}
