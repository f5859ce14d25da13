using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Audit.Reading;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Audit.Tests.Tampering;

/// <summary>
/// The verifier reads a whole ledger's links, so what consecutive links repeat is held once — without changing what a
/// link says: each shared text is equal to the link's own, and a link whose claimed previous hash differs keeps its own.
/// (The links are the ones <see cref="ChainLinks.Add"/> returns: since round 42 of issue #16 it keeps each stream's head, not every link.)
/// </summary>
public sealed class ChainLinksTests
{
    [Fact]
    public async Task Links_of_a_stream_share_its_name_and_the_hashes_they_chain_on_and_say_what_each_link_says_alone()
    {
        var events = await FoundingEventsAsync();

        var made = new ChainLinks();
        var links = events.Select(e => made.Add(e, out _)).ToList();

        Assert.Equal(events.Count, made.Count);
        for (var i = 0; i < events.Count; i++)
        {
            var alone = ChainLink.Of(events[i], out _);
            Assert.Equal(alone, links[i]); // record equality: every field and the recomputed hash are the same text
            Assert.Equal(alone.Recomputed, links[i].Recomputed);
        }
        foreach (var stream in links.GroupBy(l => l.Stream).Where(g => g.Count() > 1))
        {
            var chain = stream.OrderBy(l => l.Revision).ToList();
            for (var i = 1; i < chain.Count; i++)
            {
                Assert.Same(chain[i - 1].Stream, chain[i].Stream);
                Assert.Same(chain[i - 1].Hash, chain[i].PreviousHash);
                Assert.Same(chain[i].Hash, chain[i].Recomputed);
            }
        }
    }

    [Fact]
    public async Task A_link_claiming_another_previous_hash_keeps_its_own_and_the_chain_is_still_found_broken()
    {
        var events = await FoundingEventsAsync();
        var stream = events.GroupBy(e => e.Stream).First(g => g.Count() > 2).Key;
        var second = events.FindIndex(e => e.Stream == stream && e.Revision == 1);
        // The second event's envelope claims a previous hash that is not its predecessor's (its own hash is now wrong too).
        var metadata = System.Text.Encoding.UTF8.GetString(events[second].Metadata.Span);
        var claimed = ChainLink.Of(events[second], out _).PreviousHash!;
        events[second] = events[second] with { Metadata = System.Text.Encoding.UTF8.GetBytes(metadata.Replace(claimed, new string('0', 64), StringComparison.Ordinal)) };

        var made = new ChainLinks();
        var links = events.Select(e => made.Add(e, out _)).ToList();
        var link = links[second];
        Assert.Equal(new string('0', 64), link.PreviousHash);
        Assert.NotEmpty(StreamChain.Check(links.Where(l => l.Stream == stream).ToList()));
    }

    /// <summary>The founding example's events as its store holds them, in log order.</summary>
    private static async Task<List<RecordedEvent>> FoundingEventsAsync()
    {
        await using var ledger = await TestLedger.OpenAsync();
        await ledger.RecordFoundingExampleAsync();
        var events = new List<RecordedEvent>();
        await foreach (var e in LedgerLog.ReadAllAsync(ledger.Store)) events.Add(e);
        return events;
    }
}
