using System.Text;
using CsCheck;
using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Provenance;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Tests.Contract;

/// <summary>
/// A stored event's hash check takes the envelope's sources from where the envelope's own check found them (<see cref="CheckedSources"/>)
/// when that envelope is the last one read on the thread, and reads them again otherwise (round 64 of issue #16). Either way an
/// event is the ledger's exactly when the sources it was sealed with produce its hash, and a stored event whose sources are
/// hostile is refused in the words it was refused in before.
/// </summary>
public sealed class CheckedSourcesTests
{
    private const string Stream = "relationship-RU~taliban";
    private static readonly IRelationshipEvent Event = RandomEvents.Of(RandomEvents.Types[0], new Random(64), "RU", "taliban");

    /// <summary>An event sealed with <paramref name="sources"/>, its stored envelope's text edited by <paramref name="edit"/> (none: as sealed).</summary>
    private static RecordedEvent Stored(IReadOnlyList<Source> sources, Func<string, string>? edit = null)
    {
        var id = Guid.NewGuid();
        var (data, _) = RelationshipRepository.Seal(Stream, id, Event, PartialDate.OfYear(2000), new Provenance("me", sources, id, id), null);
        var metadata = edit is null ? data.Metadata : Encoding.UTF8.GetBytes(edit(Encoding.UTF8.GetString(data.Metadata.Span)));
        return new RecordedEvent(id, Stream, 0, GlobalPosition.Of(1), data.Type, data.Data, metadata, DateTimeOffset.UnixEpoch);
    }

    private static readonly Source Plain = new("Reuters", "A title", "https://example.org/a", null, PartialDate.OfMonth(2021, 8));

    [Fact]
    public void Events_with_any_sources_are_the_ledgers_read_alone_interleaved_or_on_another_thread()
    {
        var read = 0;
        Gen.Select(EnvelopeGens.Sources.Array[0, 4], EnvelopeGens.Sources.Array[0, 4]).Sample((a, b) =>
        {
            var (first, second) = (Stored(a), Stored(b));
            if (Envelope.ReadStored(first.Metadata, out _) is not { } firstEnvelope) return; // a lone surrogate, refused as the contract refuses it
            // Alone: the envelope read, its hash checked right after (a rebuild's decode).
            Assert.NotNull(LedgerEvent.TryDecode(first, out var unreadable));
            Assert.Null(unreadable);
            // Another envelope read on this thread before the first one's hash is checked: each its own sources.
            if (Envelope.ReadStored(second.Metadata, out _) is not { } secondEnvelope) return;
            Assert.True(ChainLink.ContentProducesHash(first, firstEnvelope));
            Assert.True(ChainLink.ContentProducesHash(second, secondEnvelope));
            Assert.True(Task.Run(() => ChainLink.ContentProducesHash(first, firstEnvelope)).Result);
            read++;
        }, iter: Hostile.Iterations(1_000));
        Assert.True(read > 250, $"only {read} pairs were read: the property tests little");
    }

    [Theory]
    [InlineData("\"A title\"", "\"A titlf\"")]                       // a character of a title changed
    [InlineData("\"Reuters\"", "\"Reuter\"")]                         // a publisher shortened
    [InlineData("\"2021-08\"", "\"2021-09\"")]                        // another publication date
    [InlineData("\"url\":\"https://example.org/a\"", "\"url\":null")] // a url taken away
    public void An_event_whose_sources_were_changed_is_not_the_ledgers(string was, string now)
    {
        var stored = Stored([Plain], json => json.Replace(was, now, StringComparison.Ordinal));
        Assert.Null(LedgerEvent.TryDecode(stored, out var unreadable));
        Assert.Equal(LedgerEvent.Unsealed, unreadable);
    }

    [Theory]
    [InlineData("\"A title\"", "\"A \\u0074itle\"")]   // the same title with a letter escaped
    [InlineData("\"2021-08\"", "\"\\u0032021-08\"")]  // the same date with a digit escaped
    public void An_event_whose_sources_are_written_escaped_is_the_ledgers(string was, string now)
    {
        var stored = Stored([Plain, Plain], json => json.Replace(was, now, StringComparison.Ordinal));
        Assert.NotEqual(Stored([Plain, Plain]).Metadata.ToArray(), stored.Metadata.ToArray());
        Assert.NotNull(LedgerEvent.TryDecode(stored, out var unreadable));
        Assert.Null(unreadable);
    }

    [Fact]
    public void A_source_field_given_twice_is_refused_naming_it()
    {
        var stored = Stored([Plain, Plain], json => json.Replace("\"title\":\"A title\",", "\"title\":\"A title\",\"title\":\"Another\",", StringComparison.Ordinal));
        Assert.Null(LedgerEvent.TryDecode(stored, out var unreadable));
        Assert.Equal("its envelope cannot be read: the envelope's sources[0].title is given twice", unreadable);
    }

    [Fact]
    public void A_source_text_that_is_not_UTF8_is_refused_naming_it()
    {
        var sealedEvent = Stored([Plain]);
        var metadata = sealedEvent.Metadata.ToArray();
        var at = Encoding.UTF8.GetString(metadata).IndexOf("A title", StringComparison.Ordinal);
        metadata[at + 2] = 0xFF; // "A \xFFitle": no UTF-8
        Assert.Null(LedgerEvent.TryDecode(sealedEvent with { Metadata = metadata }, out var unreadable));
        Assert.Equal("its envelope cannot be read: the envelope's sources[0].title cannot be read as text: it is not valid Unicode (an escaped half of a surrogate pair?)", unreadable);
    }
}
