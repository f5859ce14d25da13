using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using RelationsLedger.Application.Audit.Import;
using RelationsLedger.Application.Serialization;

namespace RelationsLedger.Audit.Tests.Transfer;

/// <summary>
/// An import seals each event with the time the original ledger recorded it (<c>originallyRecordedAt</c>). Since round 63 the line's
/// envelope JSON gets the field spliced in when it is in the writer's form (<see cref="EnvelopeJson.IsCanonical"/>), rather than the
/// envelope written anew: the bytes stored must be what writing anew gives, for every envelope. The writer is the oracle here: an
/// envelope is in its form exactly when writing what it holds gives its bytes back; none other may be spliced.
/// </summary>
public sealed class SealedEnvelopeTests(FoundingExport.Whole export) : IClassFixture<FoundingExport.Whole>
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 8, 0, 0, 123, TimeSpan.Zero);

    /// <summary>Each edit of an envelope's JSON, most of them out of the writer's form; the envelope must still be one the reader takes.</summary>
    private static readonly (string Name, Func<string, string> Edit)[] Edits =
    [
        ("as exported", m => m),
        ("a space after the object's start", m => "{ " + m[1..]),
        ("a space before a value", m => m.Replace("\"recordedBy\":", "\"recordedBy\": ", StringComparison.Ordinal)),
        ("a space after a comma", m => m.Replace(",\"hash\":", ", \"hash\":", StringComparison.Ordinal)),
        ("a line feed at the end", m => m[..^1] + "\n}"),
        ("a tab before the sources", m => m.Replace("\"sources\":", "\t\"sources\":", StringComparison.Ordinal)),
        ("spaces in a text", m => Regex.Replace(m, "\"recordedBy\":\"([^\"]*)\"", "\"recordedBy\":\"a  b c\"")),
        ("a letter of a text escaped", m => Regex.Replace(m, "\"recordedBy\":\"(.)", match => $"\"recordedBy\":\"\\u{(int)match.Groups[1].Value[0]:x4}")),
        ("a solidus escaped", m => m.Replace("https://", "https:\\/\\/", StringComparison.Ordinal)),
        ("a text not in ASCII", m => Regex.Replace(m, "\"recordedBy\":\"([^\"]*)\"", "\"recordedBy\":\"Zürich Ωμέγα 東京\"")),
        ("a text not in ASCII escaped", m => Regex.Replace(m, "\"recordedBy\":\"([^\"]*)\"", "\"recordedBy\":\"Z\\u00fcrich\"")),
        ("a character outside the basic plane", m => Regex.Replace(m, "\"recordedBy\":\"([^\"]*)\"", "\"recordedBy\":\"a 😀 b\"")),
        ("HTML's characters", m => Regex.Replace(m, "\"recordedBy\":\"([^\"]*)\"", "\"recordedBy\":\"<a href='x'>&amp;+`</a>\"")),
        ("a line separator", m => Regex.Replace(m, "\"recordedBy\":\"([^\"]*)\"", "\"recordedBy\":\"a\u2028b\"")),
        ("a delete character", m => Regex.Replace(m, "\"recordedBy\":\"([^\"]*)\"", "\"recordedBy\":\"a\u007fb\"")),
        ("a quote escaped", m => Regex.Replace(m, "\"recordedBy\":\"([^\"]*)\"", "\"recordedBy\":\"a\\\"b\"")),
        ("an id in upper case", m => Regex.Replace(m, "\"\\$correlationId\":\"([^\"]*)\"", match => $"\"$correlationId\":\"{match.Groups[1].Value.ToUpperInvariant()}\"")),
        ("a causation id in upper case", m => Regex.Replace(m, "\"\\$causationId\":\"([^\"]*)\"", match => $"\"$causationId\":\"{match.Groups[1].Value.ToUpperInvariant()}\"")),
        ("a field name escaped", m => m.Replace("\"recordedBy\":", "\"recorded\\u0042y\":", StringComparison.Ordinal)),
        ("the schema version as -0", m => m.Replace("\"schemaVersion\":1", "\"schemaVersion\":-0", StringComparison.Ordinal)),
        ("the schema version 2", m => m.Replace("\"schemaVersion\":1", "\"schemaVersion\":2", StringComparison.Ordinal)),
        ("two fields swapped", m => SwapFields(m, "effectiveDate", "recordedBy")),
        ("a source's fields swapped", m => Regex.Replace(m, "\\{\"publisher\":(\"[^\"]*\"),\"title\":(\"[^\"]*\")", "{\"title\":$2,\"publisher\":$1")),
        ("a year only", m => Regex.Replace(m, "\"effectiveDate\":\"([0-9]{4})[^\"]*\"", "\"effectiveDate\":\"$1\"")),
        ("a date of a source null", m => Regex.Replace(m, "\"publishedOn\":\"[^\"]*\"", "\"publishedOn\":null")),
        ("a url null", m => Regex.Replace(m, "\"url\":\"[^\"]*\"", "\"url\":null")),
        ("no sources", m => Regex.Replace(m, "\"sources\":\\[.*?\\],\"\\$correlationId\"", "\"sources\":[],\"$correlationId\"")),
        ("recorded through a key", m => m.Replace(",\"sources\":", ",\"recordedThrough\":\"ops-key\",\"sources\":", StringComparison.Ordinal)),
        ("recorded through a key, out of place", m => m.Replace(",\"hash\":", ",\"recordedThrough\":\"ops-key\",\"hash\":", StringComparison.Ordinal)),
        ("recorded originally earlier", m => m[..^1] + ",\"originallyRecordedAt\":\"2020-01-02T03:04:05.5+00:00\"}"),
        ("a previous hash null", m => Regex.Replace(m, "\"previousHash\":(\"[^\"]*\"|null)", "\"previousHash\":null")),
    ];

    [Fact]
    public void An_envelope_is_spliced_exactly_when_it_is_in_the_writer_s_form_and_sealed_as_written_anew_either_way()
    {
        var (checkedCount, canonical, notCanonical) = (0, 0, 0);
        foreach (var metadata in export.Lines.Select(Metadata))
        foreach (var (name, edit) in Edits)
        {
            var text = edit(metadata);
            var bytes = Encoding.UTF8.GetBytes(text);
            Envelope envelope;
            try { envelope = Envelope.Deserialize(bytes); }
            catch (JsonException e) { throw new InvalidOperationException($"'{name}' made an envelope the reader refuses ({e.Message}): {text}", e); }
            var writerForm = envelope.Serialize().AsSpan().SequenceEqual(bytes) && envelope.OriginallyRecordedAt is null;
            var said = EnvelopeJson.IsCanonical(bytes);
            // Said only of the writer's form; and said of every one without an escape (a text the writer escapes, as a quote, is
            // a doubt: written anew, as every envelope was before).
            Assert.True(!said || writerForm, $"'{name}': said to be in the writer's form, and it is not: {text}");
            Assert.True(said || !writerForm || text.Contains('\\', StringComparison.Ordinal), $"'{name}': in the writer's form without an escape, and not said: {text}");
            var sealedAnew = (envelope with { OriginallyRecordedAt = At }).Serialize();
            Assert.True(sealedAnew.AsSpan().SequenceEqual(Sealed(envelope, bytes, At)), $"'{name}' sealed otherwise: {text}");
            checkedCount++;
            if (said) canonical++;
            else notCanonical++;
        }
        Assert.True(checkedCount >= Edits.Length * 10, $"only {checkedCount} envelopes checked");
        Assert.True(canonical > 0 && notCanonical > canonical, $"{canonical} in the writer's form, {notCanonical} not: the edits do not test both ways");
    }

    /// <summary>
    /// Since round 64 the import's line reading tells the writer's form in the pass that reads the envelope where it stands in the
    /// line (<see cref="EnvelopeJson.ReadInPlace"/>), not by a pass of its own; a line the document reads tells it by
    /// <see cref="EnvelopeJson.IsCanonical"/>. Each edit in a line: the line sealed as the envelope written anew, and said to be in the
    /// writer's form exactly as the envelope alone is, either way the line is read.
    /// </summary>
    [Fact]
    public void A_line_s_envelope_is_told_in_the_writer_s_form_in_the_line_s_read_and_sealed_as_written_anew()
    {
        var (onePass, byDocument, canonical, notCanonical) = (0, 0, 0, 0);
        foreach (var line in export.Lines.Where(l => l.Contains("\"metadata\":", StringComparison.Ordinal)))
        {
            var metadata = Metadata(line);
            foreach (var (name, edit) in Edits)
            {
                var edited = edit(metadata);
                foreach (var text in new[] { line.Replace(metadata, edited, StringComparison.Ordinal), LeftToTheDocument(line).Replace(metadata, edited, StringComparison.Ordinal) })
                {
                    var utf8 = Encoding.UTF8.GetBytes(text);
                    if (ImportLine.Parse(1, utf8, []) is not { } read) continue; // an edit the line's other checks refuse (a schema version without its event type)
                    var sealedAnew = (read.Envelope with { OriginallyRecordedAt = read.RecordedAt }).Serialize();
                    Assert.True(sealedAnew.AsSpan().SequenceEqual(SealedMetadata(read)), $"'{name}' sealed otherwise: {text}");
                    var bytes = Encoding.UTF8.GetBytes(edited);
                    Assert.Equal(Envelope.Deserialize(bytes).Sources, read.Envelope.Sources); // read in the line's pass (round 64), or when asked for
                    var said = EnvelopeJson.IsCanonical(bytes);
                    if (OnePassLine.Read(utf8) is { } pass)
                    {
                        Assert.Equal(said, pass.MetadataInWriterForm);
                        onePass++;
                    }
                    else byDocument++;
                    Assert.True(!said || (read.Envelope.Serialize().AsSpan().SequenceEqual(bytes) && read.Envelope.OriginallyRecordedAt is null), $"'{name}': said to be in the writer's form, and it is not: {edited}");
                    if (said) canonical++;
                    else notCanonical++;
                }
            }
        }
        Assert.True(onePass > Edits.Length * 10 && byDocument > Edits.Length * 10, $"{onePass} lines read in one pass, {byDocument} by the document: not both ways");
        Assert.True(canonical > 0 && notCanonical > canonical, $"{canonical} in the writer's form, {notCanonical} not: the edits do not test both ways");
    }

    /// <summary>The line with a field the one pass leaves to the document (its position given twice is refused; a field's name escaped is read by the document alone).</summary>
    private static string LeftToTheDocument(string line) => line.Replace("{\"position\":", "{\"p\\u006fsition\":", StringComparison.Ordinal);

    [Fact]
    public void Every_envelope_of_an_export_is_in_the_writer_s_form()
    {
        foreach (var metadata in export.Lines.Select(Metadata))
            Assert.True(EnvelopeJson.IsCanonical(Encoding.UTF8.GetBytes(metadata)), metadata);
    }

    /// <summary>The times the writer spells in several ways: each sealed as written anew.</summary>
    [Theory]
    [InlineData("2026-12-07T08:00:00+00:00")]
    [InlineData("2026-12-07T08:00:00.1234567+00:00")]
    [InlineData("2026-12-07T08:00:00.5-05:30")]
    [InlineData("2026-12-07T23:59:59.9999999+14:00")]
    public void The_time_is_spelt_as_the_writer_spells_it(string time)
    {
        var at = DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture);
        var bytes = Encoding.UTF8.GetBytes(Metadata(export.Lines[0]));
        var envelope = Envelope.Deserialize(bytes);
        Assert.Equal(Encoding.UTF8.GetString((envelope with { OriginallyRecordedAt = at }).Serialize()),
            Encoding.UTF8.GetString(Sealed(envelope, bytes, at)));
    }

    /// <summary>One buffer for every envelope sealed here, emptied before each, as the import's spill seals its lines.</summary>
    private readonly ArrayBufferWriter<byte> _sealed = new();

    private byte[] Sealed(Envelope envelope, byte[] bytes, DateTimeOffset at)
    {
        _sealed.ResetWrittenCount();
        EnvelopeJson.SerializeOriginallyRecordedAt(envelope, bytes, EnvelopeJson.IsCanonical(bytes), at, _sealed);
        return _sealed.WrittenSpan.ToArray();
    }

    private byte[] SealedMetadata(ImportLine line)
    {
        _sealed.ResetWrittenCount();
        line.WriteSealedMetadata(_sealed);
        return _sealed.WrittenSpan.ToArray();
    }

    /// <summary>The line's envelope JSON as it stands in the line.</summary>
    private static string Metadata(string line)
    {
        using var doc = JsonDocument.Parse(line);
        return doc.RootElement.GetProperty("metadata").GetRawText();
    }

    private static string SwapFields(string m, string a, string b)
    {
        var pa = Regex.Match(m, $"\"{a}\":\"[^\"]*\"");
        var pb = Regex.Match(m, $"\"{b}\":\"[^\"]*\"");
        return m.Replace(pa.Value, "\u0001", StringComparison.Ordinal).Replace(pb.Value, pa.Value, StringComparison.Ordinal).Replace("\u0001", pb.Value, StringComparison.Ordinal);
    }
}
