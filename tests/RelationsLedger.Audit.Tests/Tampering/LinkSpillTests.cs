using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Audit.Reading;
using RelationsLedger.Application.Audit.Rules;
using RelationsLedger.Application.Commands.Recording;

namespace RelationsLedger.Audit.Tests.Tampering;

/// <summary>
/// <c>verify</c> and <c>digest</c> keep a log's links in a temporary file and read back from it what they check whole (round
/// 42 of issue #16): each link read back must say exactly what the link added said — also the unusual things a tampered
/// store makes links say — every time the file is read.
/// </summary>
public sealed class LinkSpillTests : FoundingLedgerTests
{
    [Theory, MemberData(nameof(StoreVersions.Both), MemberType = typeof(StoreVersions))]
    public async Task Every_link_read_back_is_the_link_added_whatever_it_claims_at_every_reading(int version)
    {
        await AtVersionAsync(version);
        var stream = TestLedger.RussiaTaliban;
        // An envelope that does not read, a previous hash of no event, data that no longer produces the hash.
        await Ledger.SqlAsync("UPDATE events SET metadata = CAST('{' AS BLOB) WHERE stream = $s AND revision = 1", ("$s", stream));
        await Ledger.SqlAsync("UPDATE events SET metadata = stored_like(metadata, json_set(json_of(metadata), '$.previousHash', $z)) WHERE stream = $s AND revision = 3",
            ("$s", stream), ("$z", new string('0', 64)));
        await Ledger.SqlAsync("UPDATE events SET data = stored_like(data, replace(json_of(data), 'Supreme Court', 'Regional Court')) WHERE stream = $s AND revision = 2", ("$s", stream));

        using var log = new AuditedLog(new EventCommands(Ledger.Services.GetRequiredService<CommandValidators>()));
        var added = new List<ChainLink>();
        await foreach (var e in LedgerLog.ReadAllAsync(Ledger.Store)) added.Add(await log.AddAsync(e));
        Assert.Contains(added, l => l.Unreadable is not null);
        Assert.Contains(added, l => l.PreviousHash == new string('0', 64));
        Assert.Contains(added, l => l.Recomputed is not null && l.Recomputed != l.Hash);

        for (var reading = 0; reading < 2; reading++)
        {
            var read = log.Links.ToList();
            Assert.Equal(added, read); // every field, the recomputed hash included
            Assert.Equal(added.Select(l => (l.Recomputed, l.RecordedAt.Offset, l.StoredAt.Offset, l.RecordedAt.Ticks)),
                read.Select(l => (l.Recomputed, l.RecordedAt.Offset, l.StoredAt.Offset, l.RecordedAt.Ticks)));
        }
        Assert.Equal(added.Count, log.Count);
    }
}
