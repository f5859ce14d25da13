using System.Text.Json;

namespace RelationsLedger.Audit.Tests.Tampering;

/// <summary><c>ledger verify</c> and <c>ledger digest</c> as a user runs them: exit codes and what they print.</summary>
public sealed class VerifyCliTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Verify_says_ok_with_counts_then_names_a_removed_event_and_a_failed_digest()
    {
        var db = _folder.File("ledger.db");
        string removedId;
        await using (var ledger = await TestLedger.OpenAsync(db))
        {
            await ledger.RecordFoundingExampleAsync();
            removedId = (await ledger.EventsAsync(TestLedger.RussiaTaliban))[4].EventId.ToString();
        }
        var ok = await LedgerCli.RunAsync("--store", db, "verify");
        Assert.Equal(0, ok.ExitCode);
        Assert.Matches(@"^OK: every hash and chain link of the whole ledger verifies, and the ledger's rules accept every event where it stands: 2 stream\(s\), 15 event\(s\), head position 15\.", ok.Out);

        var digest = await LedgerCli.RunAsync("--store", db, "digest");
        Assert.Equal(0, digest.ExitCode);
        var token = digest.Out.Trim();
        Assert.Matches("^rld2-15-[0-9]{8}T[0-9]{6}Z-[0-9a-f]{64}$", token);
        var withDigest = await LedgerCli.RunAsync("--store", db, "verify", "--digest", token);
        Assert.Equal(0, withDigest.ExitCode);
        Assert.Contains("DIGEST OK: nothing recorded up to position 15 (2 streams, 15 events) has changed", withDigest.Out);

        await using (var ledger = await TestLedger.OpenAsync(db))
            await ledger.SqlAsync("DELETE FROM events WHERE stream = $s AND revision = 3", ("$s", TestLedger.RussiaTaliban));
        var tampered = await LedgerCli.RunAsync("--store", db, "verify", "--digest", token);
        Assert.Equal(5, tampered.ExitCode);
        Assert.Contains($"REMOVED: {TestLedger.RussiaTaliban} revision 4, event {removedId}", tampered.Out);
        Assert.Contains("DIGEST MISMATCH", tampered.Out);

        var json = await LedgerCli.RunAsync("--store", db, "verify", "RU", "taliban", "--json");
        Assert.Equal(5, json.ExitCode);
        var finding = JsonDocument.Parse(json.Out).RootElement.GetProperty("findings")[0];
        Assert.Equal(("removed", 4, removedId), (finding.GetProperty("kind").GetString(), finding.GetProperty("revision").GetInt32(), finding.GetProperty("eventId").GetString()));
    }

    [Fact]
    public async Task The_last_event_of_a_stream_deleted_is_named_by_verify_refused_a_digest_and_warned_of_by_export()
    {
        var db = _folder.File("ledger.db");
        await using (var ledger = await TestLedger.OpenAsync(db))
        {
            await ledger.RecordFoundingExampleAsync();
            // Every chain stays intact: the stream simply ends one event earlier. Its position, 13, is left empty.
            await ledger.SqlAsync("DELETE FROM events WHERE stream = $s AND revision = 12", ("$s", TestLedger.RussiaTaliban));
        }
        const string Named = "REMOVED: $all: position 13 of the global log holds no event, though the store gives out every position once and in order";

        var verify = await LedgerCli.RunAsync("--store", db, "verify");
        Assert.Equal(5, verify.ExitCode);
        Assert.Contains(Named, verify.Out);

        var digest = await LedgerCli.RunAsync("--store", db, "digest");
        Assert.Equal(5, digest.ExitCode);
        Assert.Contains(Named, digest.Out + digest.Error);

        var file = _folder.File("export.ndjson");
        var export = await LedgerCli.RunAsync("--store", db, "export", "-o", file);
        Assert.Equal(0, export.ExitCode);
        Assert.Contains("Exported 14 event(s) of 2 stream(s)", export.Out);
        Assert.Contains("Warning: events were deleted from the store file ('ledger verify' names them too): the file holds what is left, and a " +
            "ledger imported from it would no longer show that anything is missing.\n  $all: position 13 of the global log holds no event", export.Error.ReplaceLineEndings("\n"));
        var json = await LedgerCli.RunAsync("--store", db, "export", "-o", _folder.File("again.ndjson"), "--json");
        Assert.StartsWith("$all: position 13 of the global log holds no event", JsonDocument.Parse(json.Out).RootElement.GetProperty("hidden")[0].GetString());
    }

    [Fact]
    public async Task Digest_json_lists_every_stream_head()
    {
        var db = _folder.File("ledger.db");
        await using (var ledger = await TestLedger.OpenAsync(db)) await ledger.RecordSecondRelationshipAsync();
        var run = await LedgerCli.RunAsync("--store", db, "digest", "--json");
        Assert.Equal(0, run.ExitCode);
        var root = JsonDocument.Parse(run.Out).RootElement;
        var head = Assert.Single(root.GetProperty("streams").EnumerateArray().ToList());
        Assert.Equal((TestLedger.UsAfghanistan, 1), (head.GetProperty("stream").GetString(), head.GetProperty("revision").GetInt32()));
        Assert.StartsWith("rld2-2-", root.GetProperty("token").GetString());
    }

    [Fact]
    public async Task Verify_refuses_half_a_relationship()
    {
        var db = _folder.File("ledger.db");
        await using (var ledger = await TestLedger.OpenAsync(db)) await ledger.RecordSecondRelationshipAsync();
        var run = await LedgerCli.RunAsync("--store", db, "verify", "RU");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("name both parties", run.Error);
    }
}
