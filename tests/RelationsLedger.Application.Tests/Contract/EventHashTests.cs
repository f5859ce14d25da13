using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using RelationsLedger.Application.Integrity;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Domain.Provenance;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Tests.Contract;

/// <summary>
/// The chain's hash is a contract (docs/audit.md; AuditDocTests holds its documented example): every way of
/// writing it must give the same hash for the same event. The oracle is the first implementation, field by
/// field into a stream, each text converted on its own; it is checked on hostile text (lone surrogates,
/// control characters, long runs), any dates, up to four sources, and data of any size.
/// </summary>
public sealed class EventHashTests
{
    private static string Oracle(
        string stream, Guid eventId, string type, int schemaVersion, PartialDate effectiveDate, string recordedBy,
        IReadOnlyList<Source> sources, Guid correlationId, Guid causationId, byte[] data, string? previousHash)
    {
        using var buffer = new MemoryStream();
        void Field(string? text) => Bytes(Encoding.UTF8.GetBytes(text ?? ""));
        void Bytes(byte[] bytes)
        {
            var length = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
            buffer.Write(length);
            buffer.Write(bytes);
        }
        Field(EventHash.Scheme);
        Field(stream);
        Field(eventId.ToString("D"));
        Field(type);
        Field(schemaVersion.ToString(CultureInfo.InvariantCulture));
        Field(effectiveDate.ToString());
        Field(recordedBy);
        Field(sources.Count.ToString(CultureInfo.InvariantCulture));
        foreach (var s in sources)
        {
            Field(s.Publisher);
            Field(s.Title);
            Field(s.Url);
            Field(s.Reference);
            Field(s.PublishedOn?.ToString());
        }
        Field(correlationId.ToString("D"));
        Field(causationId.ToString("D"));
        Bytes(data);
        Field(previousHash);
        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }

    private static readonly Gen<PartialDate> Dates = EnvelopeGens.Dates;
    private static readonly Gen<Source> Sources = EnvelopeGens.Sources;

    // Data up to 200 KB: past the size of the buffer a thread keeps between events.
    private static readonly Gen<byte[]> Data = Gen.Frequency(
        (6, Gen.Byte.Array[0, 600]),
        (1, Gen.Int[60_000, 200_000].Select(n => Encoding.UTF8.GetBytes(new string('é', n / 2)))));

    [Fact]
    public void Every_event_hashes_as_the_first_implementation_hashed_it()
    {
        Gen.Select(Gen.Select(Hostile.Text, Gen.Guid, Hostile.Text, Gen.Int[0, 1000], Dates, Hostile.Text),
                Gen.Select(Sources.Array[0, 4], Gen.Guid, Gen.Guid, Data, Hostile.Optional))
            .Sample(x =>
            {
                var ((stream, id, type, version, date, by), (sources, correlation, causation, data, previous)) = x;
                Assert.Equal(
                    Oracle(stream, id, type, version, date, by, sources, correlation, causation, data, previous),
                    EventHash.Compute(stream, id, type, version, date, by, sources, correlation, causation, data, previous));
            }, iter: Hostile.Iterations(2_000));
    }

    /// <summary>
    /// A stored envelope's sources hash by the bytes of its JSON (<see cref="StoredSources"/>), not by strings made from them:
    /// as the sources it was written from, whether a field is escaped there or not (the reordered JSON is written with the
    /// default encoder, which escapes all but ASCII) and whatever the order of a source's fields.
    /// </summary>
    [Fact]
    public void Sources_read_from_a_stored_envelope_hash_as_the_sources_it_was_written_from()
    {
        var hashed = 0;
        Gen.Select(Sources.Array[0, 4], Gen.Bool, Data).Sample((sources, reordered, data) =>
        {
            var json = new Envelope(1, PartialDate.OfYear(2000), "me", sources, Guid.Empty, Guid.Empty, null, "h").Serialize();
            if (Envelope.ReadStored(json, out _) is null) return; // a lone surrogate, refused as the contract refuses it
            var read = Envelope.Deserialize(reordered ? Reordered(json) : json);
            Assert.IsType<StoredSources>(read.Sources);
            Assert.Equal(
                Oracle("s", Guid.Empty, "T", 1, PartialDate.OfYear(2000), "me", sources, Guid.Empty, Guid.Empty, data, null),
                EventHash.Compute("s", Guid.Empty, "T", 1, PartialDate.OfYear(2000), "me", read.Sources, Guid.Empty, Guid.Empty, data, null));
            hashed++;
        }, iter: Hostile.Iterations(2_000));
        Assert.True(hashed > 500, $"only {hashed} envelopes were read: the property tests little");
    }

    /// <summary>The envelope with each source's fields in the reverse order, written by the default encoder.</summary>
    private static byte[] Reordered(byte[] json)
    {
        var envelope = JsonNode.Parse(json)!.AsObject();
        var sources = envelope["sources"]!.AsArray();
        for (var i = 0; i < sources.Count; i++)
            sources[i] = new JsonObject(sources[i]!.AsObject().Reverse().Select(f => KeyValuePair.Create(f.Key, f.Value?.DeepClone())));
        return Encoding.UTF8.GetBytes(envelope.ToJsonString());
    }

    /// <summary>
    /// A thread's SHA-256 context is reset by each digest and used for the next event: on one thread, events whose encodings end
    /// at every place in and around SHA-256's 64-byte blocks (where its padding takes one block or two), one of 200 KB among them,
    /// each hash as the first implementation hashed it — and <see cref="EventHash.Produces"/> holds for that hash alone.
    /// </summary>
    [Fact]
    public void Events_hashed_one_after_another_on_a_thread_each_hash_as_the_first_implementation()
    {
        var source = new Source("Ministère des Affaires étrangères", "Communiqué 🇫🇷", null, "", PartialDate.OfYear(2001));
        var lengths = Enumerable.Range(0, 200).Append(200_000).Append(0).Append(63).Append(64).Append(65);
        foreach (var length in lengths)
        {
            var data = Encoding.UTF8.GetBytes(new string('x', length));
            var sources = length % 3 == 0 ? [] : new[] { source };
            var previous = length % 2 == 0 ? null : new string('a', 64);
            var expected = Oracle("relationship-FR~RU", Guid.Empty, "T", 1, PartialDate.OfYear(2000), "me", sources, Guid.Empty, Guid.Empty, data, previous);
            Assert.Equal(expected, EventHash.Compute("relationship-FR~RU", Guid.Empty, "T", 1, PartialDate.OfYear(2000), "me", sources, Guid.Empty, Guid.Empty, data, previous));
            Assert.True(EventHash.Produces(expected, "relationship-FR~RU", Guid.Empty, "T", 1, PartialDate.OfYear(2000), "me", sources, Guid.Empty, Guid.Empty, data, previous));
            Assert.False(EventHash.Produces(expected, "relationship-FR~RU", Guid.Empty, "T", 1, PartialDate.OfYear(2000), "you", sources, Guid.Empty, Guid.Empty, data, previous));
        }
    }

    [Fact]
    public void Hashes_computed_on_several_threads_at_once_are_each_their_own_events()
    {
        var events = Enumerable.Range(0, 400).Select(i => (Stream: $"relationship-A{i}~B", Data: Encoding.UTF8.GetBytes(new string('x', i * 300)))).ToList();
        var expected = events.Select(e => Oracle(e.Stream, Guid.Empty, "T", 1, PartialDate.OfYear(2000), "me", [], Guid.Empty, Guid.Empty, e.Data, null)).ToList();
        var computed = new string[events.Count];
        Parallel.For(0, events.Count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
            computed[i] = EventHash.Compute(events[i].Stream, Guid.Empty, "T", 1, PartialDate.OfYear(2000), "me", [], Guid.Empty, Guid.Empty, events[i].Data, null));
        Assert.Equal(expected, computed);
    }
}
