using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using CsCheck;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Domain.Provenance;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Tests.Contract;

/// <summary>
/// The envelope's hand-written JSON (<see cref="EnvelopeJson"/>) against the contract's general serializer, which
/// wrote and read every envelope before it: the same bytes for every envelope, the same envelope read back, and
/// every envelope the serializer refused — a field missing, repeated, unknown, of the wrong kind, a bad date or id,
/// broken or trailing JSON — refused too, with the field named.
/// </summary>
public sealed class EnvelopeJsonTests
{
    /// <summary>The oracle: the envelope as it was declared for the contract's serializer (<see cref="LedgerJson.Contract"/>).</summary>
    private sealed record ContractEnvelope(
        [property: JsonPropertyName("schemaVersion"), JsonPropertyOrder(-1)] int SchemaVersion,
        [property: JsonPropertyName("effectiveDate"), JsonPropertyOrder(-1)] PartialDate EffectiveDate,
        [property: JsonPropertyName("recordedBy"), JsonPropertyOrder(-1)] string RecordedBy,
        [property: JsonPropertyName("sources")] IReadOnlyList<Source> Sources,
        [property: JsonPropertyName("$correlationId")] Guid CorrelationId,
        [property: JsonPropertyName("$causationId")] Guid CausationId,
        [property: JsonPropertyName("previousHash")] string? PreviousHash,
        [property: JsonPropertyName("hash")] string Hash,
        [property: JsonPropertyName("originallyRecordedAt"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? OriginallyRecordedAt = null,
        // Optional, so declared last; written right after recordedBy (the ledger's order), which the orders of -1 give.
        [property: JsonPropertyName("recordedThrough"), JsonPropertyOrder(-1), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RecordedThrough = null)
    {
        public static ContractEnvelope Of(Envelope e) =>
            new(e.SchemaVersion, e.EffectiveDate, e.RecordedBy, e.Sources, e.CorrelationId, e.CausationId, e.PreviousHash, e.Hash, e.OriginallyRecordedAt, e.RecordedThrough);

        public byte[] Serialize() => JsonSerializer.SerializeToUtf8Bytes(this, LedgerJson.Contract);

        public static ContractEnvelope Deserialize(byte[] json) => JsonSerializer.Deserialize<ContractEnvelope>(json, LedgerJson.Contract)!;
    }

    private static readonly Gen<PartialDate> Dates = EnvelopeGens.Dates;
    private static readonly Gen<Source> Sources = EnvelopeGens.Sources;

    private static readonly Gen<DateTimeOffset?> Times = Gen.Frequency(
        (2, Gen.Const((DateTimeOffset?)null)),
        (3, Gen.Select(Gen.Long[DateTimeOffset.MinValue.UtcTicks + TimeSpan.TicksPerDay, DateTimeOffset.MaxValue.UtcTicks - TimeSpan.TicksPerDay],
            Gen.Int[-14 * 60, 14 * 60], Gen.Int[0, 3],
            // Whole seconds, milliseconds and full ticks: the fraction is written trimmed.
            (ticks, minutes, cut) => (DateTimeOffset?)new DateTimeOffset(ticks - ticks % new[] { TimeSpan.TicksPerSecond, TimeSpan.TicksPerMillisecond, 10, 1 }[cut], TimeSpan.Zero)
                .ToOffset(TimeSpan.FromMinutes(minutes)))));

    private static readonly Gen<Envelope> Envelopes = Gen.Select(
        Gen.Frequency((4, Gen.Int[1, 3]), (1, Gen.Int)),
        Dates, Hostile.Text, Sources.List[0, 4],
        Gen.Select(Gen.Guid, Gen.Guid, Hostile.Optional, Hostile.Text),
        // recordedThrough: absent on most (as on every event not recorded through the API), any text on the others.
        Gen.Select(Times, Gen.Frequency((3, Gen.Const((string?)null)), (2, Hostile.Text.Select(t => (string?)t)))),
        (v, d, by, sources, ids, more) => new Envelope(v, d, by, sources, ids.Item1, ids.Item2, ids.Item3, ids.Item4, more.Item1, more.Item2));

    [Fact]
    public void Every_envelope_is_written_byte_for_byte_as_the_contracts_serializer_wrote_it_and_read_back_the_same() =>
        Envelopes.Sample(envelope =>
        {
            var written = envelope.Serialize();
            Assert.Equal(Encoding.UTF8.GetString(ContractEnvelope.Of(envelope).Serialize()), Encoding.UTF8.GetString(written));
            // Read back as the serializer reads it (equal to the envelope but for text the encoder cannot write: a lone surrogate becomes U+FFFD).
            Assert.Equal(Shown(ContractEnvelope.Deserialize(written)), Shown(Envelope.Deserialize(written)));
        }, iter: Hostile.Iterations(2_000));

    [Fact]
    public void Envelopes_read_one_after_another_are_each_read_as_written_whether_their_texts_repeat_the_last_ones_or_not() =>
        Envelopes.List[2, 8].Sample(list =>
        {
            // As a stream is read: each envelope claims the one before's hash as its previous one, and every other one keeps the
            // recorder and the first publisher of the one before. The reader gives such a field the string it read last when the
            // text is the same (EnvelopeJson.Repeated); every other text (hostile ones included) must still be read as written.
            var chained = new List<Envelope> { list[0] };
            foreach (var e in list.Skip(1))
            {
                var last = chained[^1];
                var repeat = chained.Count % 2 == 1;
                chained.Add(e with
                {
                    PreviousHash = last.Hash,
                    RecordedBy = repeat ? last.RecordedBy : e.RecordedBy,
                    Sources = repeat && e.Sources.Count > 0 && last.Sources.Count > 0
                        ? [e.Sources[0] with { Publisher = last.Sources[0].Publisher }, .. e.Sources.Skip(1)]
                        : e.Sources,
                });
            }
            foreach (var e in chained)
            {
                var written = e.Serialize();
                Assert.Equal(Shown(ContractEnvelope.Deserialize(written)), Shown(Envelope.Deserialize(written)));
            }
        }, iter: Hostile.Iterations(500));

    [Fact]
    public void The_documented_example_is_read_and_written_back_unchanged()
    {
        const string stored = """{"schemaVersion":1,"effectiveDate":"2025-04-17","recordedBy":"analyst@example.org","sources":[{"publisher":"Reuters","title":"Russia's Supreme Court lifts Taliban ban","url":null,"reference":null,"publishedOn":"2025-04"}],"$correlationId":"5b7c3a52-1f0e-4a55-9d8e-0c6a4a1c2d11","$causationId":"5b7c3a52-1f0e-4a55-9d8e-0c6a4a1c2d11","previousHash":null,"hash":"41d0"}""";
        var envelope = Envelope.Deserialize(Encoding.UTF8.GetBytes(stored));
        Assert.Equal(PartialDate.Parse("2025-04-17"), envelope.EffectiveDate);
        Assert.Equal("Reuters", Assert.Single(envelope.Sources).Publisher);
        Assert.Null(envelope.OriginallyRecordedAt);
        Assert.Equal(stored, Encoding.UTF8.GetString(envelope.Serialize()));
    }

    [Fact]
    public void Every_mutated_envelope_is_read_as_the_contracts_serializer_read_it_or_refused_as_it_was_with_the_field_named()
    {
        var refused = 0;
        Gen.Select(Envelopes, Mutations).Sample((envelope, mutate) =>
        {
            var json = mutate(envelope.Serialize());
            var (oracle, oracleProblem) = Try(() => Shown(ContractEnvelope.Deserialize(json)));
            var (ours, problem) = Try(() => Shown(Envelope.Deserialize(json)));
            var text = Encoding.UTF8.GetString(json);
            if (oracleProblem is not null)
            {
                refused++;
                Assert.True(problem is not null, $"accepted what the contract refused ({oracleProblem.Message}): {text}");
            }
            else Assert.True(problem is null && ours == oracle, $"refused or read differently what the contract read ({problem?.Message}): {text}");
            if (problem is not null)
            {
                var e = Assert.IsType<JsonException>(problem, exactMatch: false);
                Assert.StartsWith("$", e.Path);
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
            }
        }, iter: Hostile.Iterations(3_000));
        Assert.True(refused > 0, "no mutation was refused: the mutations test nothing");
    }

    [Theory]
    [InlineData("""{"schemaVersion":1}""", "$", "lacks effectiveDate, recordedBy, sources")]
    [InlineData("""{"schemaVersion":"1"}""", "$.schemaVersion", "must be a whole number")]
    [InlineData("""{"schemaVersion":1,"schemaVersion":1}""", "$.schemaVersion", "is given twice")]
    [InlineData("""{"SchemaVersion":1}""", "$.SchemaVersion", "is not a field of the envelope")]
    [InlineData("""{"effectiveDate":"2003-02-30"}""", "$.effectiveDate", "day 30 does not exist")]
    [InlineData("""{"$correlationId":"not-a-uuid"}""", "$.$correlationId", "must be a UUID")]
    [InlineData("""{"recordedBy":null}""", "$.recordedBy", "must be a string, not null")]
    [InlineData("""{"recordedBy":"\ud800"}""", "$.recordedBy", "the envelope's recordedBy cannot be read as text: it is not valid Unicode")]
    [InlineData("""{"sources":[{"publisher":"P","title":"T","url":null,"reference":null}]}""", "$.sources[0]", "the envelope's sources[0] lacks publishedOn")]
    [InlineData("""{"sources":[{"publisher":"P","title":"T","url":null,"reference":null,"publishedOn":null,"page":1}]}""", "$.sources[0].page", "is not a field of a source")]
    [InlineData("""{"sources":[null]}""", "$.sources[0]", "must be a source")]
    [InlineData("""{"sources":{}}""", "$.sources", "must be an array of sources")]
    [InlineData("""{"originallyRecordedAt":"yesterday"}""", "$.originallyRecordedAt", "must be an ISO 8601 time")]
    // Absent, never null, where there is no key: a null would be a claim the hash does not cover.
    [InlineData("""{"recordedThrough":null}""", "$.recordedThrough", "must be a string, the name of the API key the event was recorded through (absent when there is none), not null")]
    [InlineData("""{"recordedThrough":1}""", "$.recordedThrough", "must be a string")]
    [InlineData("""[]""", "$", "must be a JSON object")]
    [InlineData("""{"schemaVersion":1""", "$", "in the envelope")]
    [InlineData("""{"schemaVersion":1,"effectiveDate":"2003","recordedBy":"r","sources":[],"$correlationId":"5b7c3a52-1f0e-4a55-9d8e-0c6a4a1c2d11","$causationId":"5b7c3a52-1f0e-4a55-9d8e-0c6a4a1c2d11","previousHash":null,"hash":"h"} {}""", "$", "in the envelope")]
    public void A_bad_envelope_is_refused_naming_the_field_and_why(string json, string path, string why)
    {
        var e = Assert.Throws<JsonException>(() => Envelope.Deserialize(Encoding.UTF8.GetBytes(json)));
        Assert.Equal(path, e.Path);
        Assert.Contains(why, e.Message, StringComparison.Ordinal);
        Assert.Null(Envelope.ReadStored(Encoding.UTF8.GetBytes(json), out var unreadable));
        Assert.Equal($"its envelope cannot be read: {e.Message}", unreadable);
    }

    /// <summary>
    /// Bytes that are not UTF-8 inside a source's text, unescaped: refused naming the field, as when every text was read to a
    /// string (the sources are now checked without making their texts: <see cref="StoredSources"/>).
    /// </summary>
    [Theory]
    [InlineData("publisher")]
    [InlineData("title")]
    [InlineData("url")]
    [InlineData("reference")]
    public void A_source_text_that_is_not_UTF8_is_refused_naming_the_field(string field)
    {
        var json = new Envelope(1, PartialDate.OfYear(2000), "me", [new Source("P", "T", "U", "R", null)], Guid.Empty, Guid.Empty, null, "h").Serialize();
        var value = Encoding.UTF8.GetBytes($"\"{field}\":\"{field[0..1].ToUpperInvariant()}\"");
        var at = json.AsSpan().IndexOf(value) + value.Length - 1; // the text's only character
        json[at] = 0xC3; // the first byte of a two-byte character, followed by the closing quote
        var e = Assert.Throws<JsonException>(() => Envelope.Deserialize(json));
        Assert.Equal($"$.sources[0].{field}", e.Path);
        Assert.Equal($"the envelope's sources[0].{field} cannot be read as text: it is not valid Unicode (an escaped half of a surrogate pair?)", e.Message);
    }

    /// <summary>An envelope as text, every field shown (records compare lists by reference).</summary>
    private static string Shown(Envelope e) => Shown(ContractEnvelope.Of(e));

    private static string Shown(ContractEnvelope e) =>
        $"{e.SchemaVersion}|{e.EffectiveDate}|{e.RecordedBy}|{e.RecordedThrough ?? "(absent)"}|{string.Join(";", e.Sources.Select(s => s.ToString()))}|{e.CorrelationId}|{e.CausationId}|{e.PreviousHash ?? "(null)"}|{e.Hash}|{e.OriginallyRecordedAt?.ToString("O") ?? "(null)"}";

    private static (string? Value, Exception? Problem) Try(Func<string> read)
    {
        try { return (read(), null); }
        catch (Exception e) { return (null, e); }
    }

    private static readonly string[] EnvelopeFields = ["schemaVersion", "effectiveDate", "recordedBy", "sources", "$correlationId", "$causationId", "previousHash", "hash", "originallyRecordedAt"];
    private static readonly string[] SourceFields = ["publisher", "title", "url", "reference", "publishedOn"];

    private static readonly Func<JsonNode?>[] MakeValues =
    [
        () => null, () => 1, () => -1, () => 1.5, () => JsonNode.Parse("1e2"), () => JsonNode.Parse("2147483648"), () => "x", () => "", () => true,
        () => new JsonArray(), () => new JsonObject(), () => "2003", () => "2025-02-30", () => "0000", () => "5b7c3a52-1f0e-4a55-9d8e-0c6a4a1c2d11",
        () => "{5b7c3a52-1f0e-4a55-9d8e-0c6a4a1c2d11}", () => "2025-04-17T10:00:00Z", () => "2025-04-17T10:00:00", () => "2025-04-17",
        () => new JsonArray(new JsonObject()), () => new JsonArray((JsonNode?)null), () => "\ud800",
        () => new JsonArray(new JsonObject { ["publisher"] = "P", ["title"] = "T", ["url"] = null, ["reference"] = null, ["publishedOn"] = null }),
    ];

    private static readonly Gen<JsonNode?> Values = Gen.Int[0, MakeValues.Length - 1].Select(i => MakeValues[i]());

    /// <summary>A change to a written envelope: its tree edited, or its text broken.</summary>
    private static readonly Gen<Func<byte[], byte[]>> Mutations = Gen.Frequency(
        (3, Gen.Select(Gen.Int[0, EnvelopeFields.Length - 1], Gen.Int[0, 5], Values, Gen.Int[0, SourceFields.Length - 1], Hostile.Text,
            (field, how, value, sourceField, name) => (Func<byte[], byte[]>)(json =>
            {
                // 0–2: the envelope's field removed, set to another value, or an unknown one added; 3–5: the same in its first source.
                var root = JsonNode.Parse(json)!.AsObject();
                var inSource = how >= 3 && root["sources"] is JsonArray { Count: > 0 };
                var target = inSource ? root["sources"]![0]!.AsObject() : root;
                var fieldName = inSource ? SourceFields[sourceField] : EnvelopeFields[field];
                switch (how % 3)
                {
                    case 0: target.Remove(fieldName); break;
                    case 1: target[fieldName] = value?.DeepClone(); break;
                    default: target[name] = "unknown"; break;
                }
                return Encoding.UTF8.GetBytes(root.ToJsonString(LedgerJson.Contract));
            }))),
        (2, Gen.Select(Gen.Int[0, 9], Gen.Int[0, 1000], (kind, at) => (Func<byte[], byte[]>)(json =>
        {
            var text = Encoding.UTF8.GetString(json);
            return kind switch
            {
                0 => json[..Math.Min(at, json.Length - 1)],
                1 => Encoding.UTF8.GetBytes(text + new[] { " ", "\n", "x", "{}", ",", "null" }[at % 6]),
                2 => Encoding.UTF8.GetBytes(text.Replace("\"schemaVersion\"", "\"\\u0073chemaVersion\"", StringComparison.Ordinal)),
                3 => Encoding.UTF8.GetBytes(text.Insert(1, "/*c*/")),
                4 => Encoding.UTF8.GetBytes(text[..^1] + ",}"),
                5 => Encoding.UTF8.GetBytes(text.Insert(1, "\"hash\":\"x\",")),
                6 => Encoding.UTF8.GetBytes(text.Replace("\"publisher\":", "\"publisher\":\"dup\",\"publisher\":", StringComparison.Ordinal)),
                7 => [.. json[..Math.Min(at, json.Length - 2)], 0xC3, 0x28, .. json[Math.Min(at, json.Length - 2)..]],
                8 => Encoding.UTF8.GetBytes(new[] { "[]", "null", "\"x\"", "1", "", " " }[at % 6]),
                _ => Encoding.UTF8.GetBytes(" \t\r\n" + text + " \n"),
            };
        }))));
}
