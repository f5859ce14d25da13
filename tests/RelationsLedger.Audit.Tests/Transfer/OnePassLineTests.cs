using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RelationsLedger.Application.Audit.Export;
using RelationsLedger.Application.Audit.Import;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Audit.Tests.Transfer;

/// <summary>
/// The import reads a line in the export's own form in one reader pass (<see cref="OnePassLine"/>, round 62) and any other by
/// its document (<see cref="ExportLineFields"/>, as <c>verify --file</c> reads it), which names each problem. The pass must read
/// every line an export writes, and read of it what the document reads; a line not in that form it must leave to the document.
/// </summary>
public sealed class OnePassLineTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private List<string> _lines = null!;

    public async Task InitializeAsync() => _lines = await FoundingExport.LinesAsync(_folder.File("source.db"));

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public void Every_event_line_of_an_export_is_read_in_one_pass_as_its_document_reads_it()
    {
        var events = _lines.Where(l => !ExportEnd.Is(Encoding.UTF8.GetBytes(l))).ToList();
        Assert.True(events.Count > 10, "the founding example's export has too few lines");
        foreach (var line in events)
        {
            var utf8 = Encoding.UTF8.GetBytes(line);
            var pass = OnePassLine.Read(utf8);
            Assert.True(pass is not null, $"not read in one pass: {line}");
            var read = pass.Value;
            using var doc = JsonDocument.Parse(utf8);
            var root = doc.RootElement;
            Action<string, string> none = (field, why) => Assert.Fail($"{field}: {why}");
            Assert.Equal(ExportLineFields.Position(root, none), read.Position);
            Assert.Equal(ExportLineFields.EventId(root, none), read.EventId);
            Assert.Equal(ExportLineFields.Text(root, "stream", none), read.Stream);
            Assert.Equal(read.Stream, read.Key.StreamName);
            Assert.Equal(ExportLineFields.Revision(root, none), read.Revision);
            Assert.Equal(ExportLineFields.Text(root, "type", none), read.Type);
            Assert.Equal(ExportLineFields.Time(root, "recordedAt", none), read.RecordedAt);
            Assert.Equal(ExportLineFields.Time(root, "storedAt", none), read.StoredAt);
            Assert.Equal(ExportLineFields.Bytes(root, "data", objectsOnly: true, none), read.Data);
            var metadata = ExportLineFields.Bytes(root, "metadata", objectsOnly: true, none)!;
            Assert.Equal(metadata, read.Metadata.ToArray());
            // The envelope read where it stands in the line is the one its own bytes hold, field for field and source for source.
            Assert.Equal(Envelope.Deserialize(metadata).Serialize(), read.Envelope.Serialize());
            Assert.Equal(Envelope.Deserialize(metadata).Sources, read.Envelope.Sources);
        }
    }

    /// <summary>
    /// The pass gives the stream read last on its thread, and its key, again to a line of the same stream (round 64): whatever line
    /// was read before, a line's stream and key are its own — another stream's, one a character shorter, one of the same length, the same escaped, and
    /// one that is no relationship's, each read right after a line of the first stream.
    /// </summary>
    [Fact]
    public void A_line_s_stream_is_its_own_whatever_line_was_read_before_it()
    {
        var events = _lines.Where(l => !ExportEnd.Is(Encoding.UTF8.GetBytes(l))).ToList();
        var line = events[0];
        var own = JsonNode.Parse(line)!["stream"]!.GetValue<string>();
        var other = events.Select(l => JsonNode.Parse(l)!["stream"]!.GetValue<string>()).First(s => s != own);
        // Another relationship's stream of the same length: the first stream's last letter changed.
        var sameLength = Enumerable.Range('A', 58).Select(c => own[..^1] + (char)c).First(s => s != own && RelationshipKey.TryParseStream(s, out _));
        string WithStream(string json) => line.Replace($"\"stream\":\"{own}\"", $"\"stream\":{json}", StringComparison.Ordinal);
        foreach (var (json, stream) in new (string, string?)[]
                 {
                     ($"\"{own}\"", own), ($"\"{other}\"", other), ($"\"{own[..^1]}\"", own[..^1]), ($"\"{sameLength}\"", sameLength), ($"\"\\u0072{own[1..]}\"", own),
                     ($"\"{own}~x\"", null), ($"\"{own}\"", own),
                 })
        {
            var text = WithStream(json);
            Assert.Equal(own, OnePassLine.Read(Encoding.UTF8.GetBytes(line))?.Stream); // the line before it, of the first stream
            var read = OnePassLine.Read(Encoding.UTF8.GetBytes(text));
            Assert.Equal(stream, read?.Stream);
            Assert.Equal(stream, read?.Key.StreamName);
            if (stream is not null) Assert.True(RelationshipKey.TryParseStream(stream, out var key) && key == read!.Value.Key, text);
        }
    }

    /// <summary>
    /// A line's sources are made once a thread and given again for the same bytes (round 68): whatever line was read before, a line's
    /// sources are its own — each read right after the line as exported, with one of its source's fields changed by a character, escaped
    /// to the same text, null, a date of another precision, the fields in another order, a space added, sources swapped, one repeated;
    /// and past the bound of what a thread keeps (thousands of sources, each with a long title), read again from the first.
    /// </summary>
    [Fact]
    public void A_line_s_sources_are_its_own_whatever_line_was_read_before_it()
    {
        var line = _lines.First(l => !ExportEnd.Is(Encoding.UTF8.GetBytes(l)) && JsonNode.Parse(l)!["metadata"]!["sources"]!.AsArray().Count > 0);
        var source = Regex.Match(line, "\"sources\":\\[(\\{[^}]*\\})").Groups[1].Value; // the first source's object as the line spells it
        var title = JsonNode.Parse(source)!["title"]!.GetValue<string>();
        string WithSources(string json) => line.Replace(source, json, StringComparison.Ordinal);
        var edits = new List<string>
        {
            source.Replace($"\"title\":\"{title}\"", $"\"title\":\"{title[..^1]}{(char)(title[^1] + 1)}\"", StringComparison.Ordinal),
            source.Replace($"\"title\":\"{title}\"", $"\"title\":\"\\u{(int)title[0]:x4}{title[1..]}\"", StringComparison.Ordinal),
            source.Replace($"\"title\":\"{title}\"", $"\"title\":\"{title} \"", StringComparison.Ordinal),
            Regex.Replace(source, "\"url\":(null|\"[^\"]*\")", "\"url\":\"https://example.org/other\""),
            Regex.Replace(source, "\"url\":(null|\"[^\"]*\")", "\"url\":null"),
            Regex.Replace(source, "\"reference\":(null|\"[^\"]*\")", "\"reference\":\"REF-X\""),
            Regex.Replace(source, "\"publishedOn\":(null|\"[^\"]*\")", "\"publishedOn\":\"1990\""),
            Regex.Replace(source, "\"publishedOn\":(null|\"[^\"]*\")", "\"publishedOn\":\"1990-01\""),
            Regex.Replace(source, "\"publishedOn\":(null|\"[^\"]*\")", "\"publishedOn\":null"),
            "{" + string.Join(",", JsonNode.Parse(source)!.AsObject().Reverse().Select(p => $"\"{p.Key}\":{p.Value?.ToJsonString() ?? "null"}")) + "}",
            source.Replace(",", ", ", StringComparison.Ordinal),
            source + "," + source,
        };
        var other = edits[0];
        edits.Add(other + "," + source);
        edits.Add(source + "," + other);
        foreach (var edit in edits.Where(e => e != source)) // a field set to null, say, that was null
        {
            var text = WithSources(edit);
            Assert.NotEqual(line, text);
            foreach (var each in new[] { line, text, line })
            {
                var read = OnePassLine.Read(Encoding.UTF8.GetBytes(each));
                Assert.True(read is not null, $"not read in one pass: {each}");
                Assert.Equal(Envelope.Deserialize(read.Value.Metadata.ToArray()).Sources, read.Value.Envelope.Sources); // as the document's envelope reads them, not remembered
            }
        }
        // Thousands of sources of ~200 bytes each: more than a thread keeps (256 KB); then the first ones again, and the rest again.
        var many = Enumerable.Range(0, 3000).Select(i => WithSources(source.Replace($"\"title\":\"{title}\"", $"\"title\":\"{title} {i} {new string('x', 120)}\"", StringComparison.Ordinal))).ToList();
        foreach (var each in many.Concat(many.Take(50)).Concat(many))
        {
            var read = OnePassLine.Read(Encoding.UTF8.GetBytes(each))!.Value;
            Assert.Equal(Envelope.Deserialize(read.Metadata.ToArray()).Sources, read.Envelope.Sources);
        }
    }

    /// <summary>
    /// A position, an event id and the two times are parsed from their text read in place, without a string made of it (round 66):
    /// escaped, longer than the room they are read into, or wrong, each is read as the document reads it — the same value, or left to
    /// the document when it names a problem.
    /// </summary>
    [Theory]
    [InlineData("position", "\\u0032")]
    [InlineData("position", "0000000000000000000000000000000000000000000000000000000000000000000002")]
    [InlineData("position", "2\\u0000")]
    [InlineData("position", "2/2")]
    [InlineData("eventId", "ID-ESCAPED")]
    [InlineData("eventId", "ID-LONG")]
    [InlineData("recordedAt", "T-ESCAPED")]
    [InlineData("storedAt", "T-LONG")]
    [InlineData("storedAt", "\\ud800")]
    public void A_parsed_field_is_read_in_place_as_the_document_reads_it(string field, string edit)
    {
        var line = _lines[1];
        var n = JsonNode.Parse(line)!.AsObject();
        var old = n[field]!.GetValue<string>();
        var json = edit switch
        {
            "ID-ESCAPED" => "\"\\u" + ((int)old[0]).ToString("x4", System.Globalization.CultureInfo.InvariantCulture) + old[1..] + "\"", // short enough to be read in place
            "ID-LONG" => "\"" + old + new string(' ', 40) + "\"",
            "T-ESCAPED" => "\"" + old.Replace("T", "\\u0054", StringComparison.Ordinal) + "\"",
            "T-LONG" => "\"" + old.Replace("Z", new string('0', 50) + "Z", StringComparison.Ordinal) + "\"",
            _ => $"\"{edit}\"",
        };
        var text = line.Replace($"\"{field}\":\"{old}\"", $"\"{field}\":{json}", StringComparison.Ordinal);
        Assert.NotEqual(line, text);
        var utf8 = Encoding.UTF8.GetBytes(text);
        using var doc = JsonDocument.Parse(utf8);
        var root = doc.RootElement;
        var problems = new List<string>();
        Action<string, string> note = (f, why) => problems.Add($"{f}: {why}");
        var (position, id, recordedAt, storedAt) = (ExportLineFields.Position(root, note), ExportLineFields.EventId(root, note),
            ExportLineFields.Time(root, "recordedAt", note), ExportLineFields.Time(root, "storedAt", note));
        var pass = OnePassLine.Read(utf8);
        if (problems.Count > 0)
        {
            Assert.True(pass is null, $"read in one pass, and the document names {string.Join("; ", problems)}: {text}");
            return;
        }
        Assert.True(pass is not null, $"not read in one pass, and the document reads it: {text}");
        Assert.Equal((position, id, recordedAt, storedAt), (pass.Value.Position, pass.Value.EventId, pass.Value.RecordedAt, pass.Value.StoredAt));
    }

    /// <summary>Each edit of the second line that takes it out of the export's form; the document reads it, and names what it must.</summary>
    public static TheoryData<string> Edits => new()
    {
        "data as Base64", "a field name escaped", "a field given twice", "a field no export has", "no storedAt", "a null type",
        "a revision in quotes", "an event id in braces", "a position that is a number", "a stream that is no relationship's",
        "data that is an array", "something after the object", "the line cut short", "a time with an offset", "a half surrogate escaped",
        "an envelope field no envelope has", "an envelope without its hash", "a source's title a number",
    };

    [Theory]
    [MemberData(nameof(Edits))]
    public void A_line_out_of_the_export_s_form_is_left_to_the_document(string edit)
    {
        var line = _lines[1];
        var n = JsonNode.Parse(line)!.AsObject();
        var text = edit switch
        {
            "data as Base64" => Replaced(n, "data", "dataBase64", JsonValue.Create(Convert.ToBase64String(Encoding.UTF8.GetBytes(n["data"]!.ToJsonString())))),
            "a field name escaped" => line.Replace("\"type\":", "\"typ\\u0065\":", StringComparison.Ordinal),
            "a field given twice" => line[..^1] + ",\"type\":\"StatementMade\"}",
            "a field no export has" => line[..^1] + ",\"comment\":1}",
            "no storedAt" => Without(n, "storedAt"),
            "a null type" => With(n, "type", null),
            "a revision in quotes" => With(n, "revision", JsonValue.Create(n["revision"]!.ToJsonString())),
            "an event id in braces" => With(n, "eventId", JsonValue.Create("{" + n["eventId"]!.GetValue<string>() + "}")),
            "a position that is a number" => With(n, "position", JsonValue.Create(2)),
            "a stream that is no relationship's" => With(n, "stream", JsonValue.Create("relationship-b~a")),
            "data that is an array" => With(n, "data", new JsonArray(1)),
            "something after the object" => line + " {}",
            "the line cut short" => line[..^1],
            "a time with an offset" => With(n, "storedAt", JsonValue.Create(n["storedAt"]!.GetValue<string>().Replace("Z", "+00:00", StringComparison.Ordinal))),
            "a half surrogate escaped" => line.Replace("\"type\":\"", "\"type\":\"\\ud800", StringComparison.Ordinal),
            // The envelope is read in the pass (round 63): one its reader refuses is the document's, which names why.
            "an envelope field no envelope has" => line.Replace("\"recordedBy\":", "\"comment\":1,\"recordedBy\":", StringComparison.Ordinal),
            "an envelope without its hash" => line.Replace(",\"hash\":", ",\"hashed\":", StringComparison.Ordinal),
            "a source's title a number" => Regex.Replace(line, "(\"sources\":\\[\\{\"publisher\":\"[^\"]*\",\"title\":)\"[^\"]*\"", "${1}7"),
            _ => throw new ArgumentOutOfRangeException(nameof(edit)),
        };
        Assert.NotEqual(line, text);
        Assert.Null(OnePassLine.Read(Encoding.UTF8.GetBytes(text)));
    }

    private static string With(JsonObject n, string field, JsonNode? value)
    {
        var copy = JsonNode.Parse(n.ToJsonString())!.AsObject();
        copy[field] = value;
        return copy.ToJsonString();
    }

    private static string Without(JsonObject n, string field)
    {
        var copy = JsonNode.Parse(n.ToJsonString())!.AsObject();
        copy.Remove(field);
        return copy.ToJsonString();
    }

    private static string Replaced(JsonObject n, string field, string by, JsonNode value)
    {
        var copy = new JsonObject();
        foreach (var (name, v) in n) copy[name == field ? by : name] = name == field ? value : JsonNode.Parse(v!.ToJsonString());
        return copy.ToJsonString();
    }
}
