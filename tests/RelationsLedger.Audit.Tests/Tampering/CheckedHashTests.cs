using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Audit.Tests.Tampering;

/// <summary>
/// History and audit read a relationship's events decoded, each one's own hash checked by the decode, then check its chain
/// from their links: since round 43 of issue #16 a link of a decoded event takes the hash the decode checked instead of
/// computing it again (<see cref="LedgerEvent.HashChecked"/>). A decode that did not check it must not pass for one that did.
/// </summary>
public sealed class CheckedHashTests : FoundingLedgerTests
{
    [Theory, MemberData(nameof(StoreVersions.Both), MemberType = typeof(StoreVersions))]
    public async Task The_link_of_a_decoded_event_is_the_link_of_its_stored_form_and_an_unchecked_decode_claims_no_hash(int version)
    {
        await AtVersionAsync(version);
        var stream = TestLedger.RussiaTaliban;
        var events = await Ledger.EventsAsync(stream);
        Assert.All(events, e => Assert.True(e.HashChecked));
        Assert.Equal(events.Select(e => ChainLink.Of(e.Recorded, out _)), events.Select(ChainLink.Of));

        // Data changed after it was sealed: the checking decode refuses it; a decode given the envelope (the verifier's rules,
        // whose link was made from the stored form) reads it, and its link must then find that the content no longer produces its hash.
        await Ledger.SqlAsync("UPDATE events SET data = stored_like(data, replace(json_of(data), 'Supreme Court', 'Regional Court')) WHERE stream = $s AND revision = 2", ("$s", stream));
        var altered = await Ledger.Store.ReadStreamAsync(stream, ReadDirection.Forwards, 2, 1).SingleAsync();
        Assert.Null(LedgerEvent.TryDecode(altered, out var unreadable));
        Assert.Equal(LedgerEvent.Unsealed, unreadable);
        var envelope = Application.Serialization.Envelope.ReadStored(altered.Metadata, out _)!;
        var unchecked_ = LedgerEvent.TryDecode(altered, envelope, out _)!;
        Assert.False(unchecked_.HashChecked);
        var link = ChainLink.Of(unchecked_);
        Assert.False(link.ContentMatchesHash);
        Assert.NotEqual(envelope.Hash, link.Recomputed);
        Assert.Equal(ChainLink.Of(altered, out _), link);
    }
}
