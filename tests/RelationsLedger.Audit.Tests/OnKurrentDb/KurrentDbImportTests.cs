using System.Text;
using RelationsLedger.Application.Audit.Export;
using RelationsLedger.Application.Audit.Import;
using RelationsLedger.Application.Audit.Verify;
using RelationsLedger.Application.Commands.Cooperation;
using RelationsLedger.Application.Commands.Designations;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Audit.Tests.OnKurrentDb;

/// <summary>
/// An export of the embedded store imported into a real KurrentDB/EventStoreDB server (skipped without
/// KURRENTDB_CONNECTION_STRING): interleaved relationships are appended run by run, one append per run of a
/// stream (the server has no transaction across streams), every chain verifies there, and importing the
/// same file again records nothing. Each run uses organisations of its own, so the server needs no reset.
/// </summary>
public sealed class KurrentDbImportTests
{
    [SkippableFact]
    public async Task An_interleaved_export_imports_into_KurrentDB_verifies_and_imports_again_as_nothing_new()
    {
        var cs = ServerUnderTest.Require();
        var organisations = Enumerable.Range(0, 3).Select(i => $"import-{i}-{Guid.NewGuid():N}"[..20]).ToList();
        using var folder = new TempFolder();
        byte[] export;
        await using (var source = await TestLedger.OpenAsync(folder: folder))
        {
            foreach (var organisation in organisations)
                await source.Send(TestLedger.Provenanced(new ImposeDesignation("RU", organisation, "Federal list of terrorist organisations", "Supreme Court") with { EffectiveDate = "2003-02-14" }));
            for (var year = 2010; year < 2016; year++)
                foreach (var organisation in organisations)
                    await source.Send(TestLedger.Provenanced(new HoldEngagement("RU", organisation, "talks", $"Talks of {year}", "Kazan") with { EffectiveDate = $"{year}" }));
            using var output = new MemoryStream();
            await source.Send(new ExportEvents(output));
            export = output.ToArray();
        }
        Assert.Equal(21, ExportText.EventLines(Encoding.UTF8.GetString(export)).Count);

        await using var target = await TestLedger.OpenAsync(cs);
        var imported = await target.Send(new ImportEvents(new MemoryStream(export)));
        Assert.Equal((21 + 1, 21, 0, 3), (imported.Lines, imported.Imported, imported.AlreadyPresent, imported.Streams));
        foreach (var organisation in organisations)
        {
            var verified = await target.Send(new VerifyLedger("RU", organisation));
            Assert.True(verified.Ok, string.Join("\n", verified.Findings));
            Assert.Equal(7, verified.Events);
        }

        var again = await target.Send(new ImportEvents(new MemoryStream(export)));
        Assert.Equal((21 + 1, 0, 21), (again.Lines, again.Imported, again.AlreadyPresent));
    }

    /// <summary>
    /// A relationship whose events in a row weigh more than the server's largest append (1 MiB of event data by
    /// default): 600 statements of 2,000 characters, about 1.3 MB, are one run of one stream in the export. The import
    /// must record them all, not stop at the server's refusal of one append that large.
    /// </summary>
    [SkippableFact]
    public async Task A_relationship_larger_than_the_servers_largest_append_imports_whole()
    {
        var cs = ServerUnderTest.Require();
        var organisation = $"large-{Guid.NewGuid():N}"[..20];
        const int statements = 600;
        var summary = string.Concat(Enumerable.Repeat("A long statement of policy. ", 72))[..2000];
        using var folder = new TempFolder();
        byte[] export;
        await using (var source = await TestLedger.OpenAsync(folder: folder))
        {
            for (var i = 0; i < statements; i++)
                await source.Send(TestLedger.Provenanced(new MakeStatement("RU", organisation, "A. Speaker", "neutral", $"{i}: {summary}"[..2000]) with { EffectiveDate = "2020" }));
            using var output = new MemoryStream();
            await source.Send(new ExportEvents(output));
            export = output.ToArray();
        }

        await using var target = await TestLedger.OpenAsync(cs);
        var imported = await target.Send(new ImportEvents(new MemoryStream(export)));

        Assert.Equal((statements + 1, statements, 0, 1), (imported.Lines, imported.Imported, imported.AlreadyPresent, imported.Streams));
        var verified = await target.Send(new VerifyLedger("RU", organisation));
        Assert.True(verified.Ok, string.Join("\n", verified.Findings));
        Assert.Equal(statements, verified.Events);

        // The embedded store takes the same runs, several of one stream in one transaction.
        using var other = new TempFolder();
        await using var embedded = await TestLedger.OpenAsync(folder: other);
        var intoFile = await embedded.Send(new ImportEvents(new MemoryStream(export)));
        Assert.Equal((statements + 1, statements, 1), (intoFile.Lines, intoFile.Imported, intoFile.Streams));
        Assert.True((await embedded.Send(new VerifyLedger("RU", organisation))).Ok);
    }

    /// <summary>
    /// KurrentDB cannot find an event by id across streams, so the import reads the ledger's log once instead
    /// (issue #16): an id recorded in one relationship, reused by a forged line of another, is still refused
    /// by line and field before anything is written.
    /// </summary>
    [SkippableFact]
    public async Task On_KurrentDB_an_id_recorded_in_another_relationship_is_refused_and_nothing_is_written()
    {
        var cs = ServerUnderTest.Require();
        var (first, second) = ($"reuse-a-{Guid.NewGuid():N}"[..20], $"reuse-b-{Guid.NewGuid():N}"[..20]);
        await using var target = await TestLedger.OpenAsync(cs);
        var taken = await target.Send(TestLedger.Provenanced(new ImposeDesignation("RU", first, "Federal list of terrorist organisations", "Supreme Court") with { EffectiveDate = "2003-02-14" }));
        var stream = RelationshipKey.Of("RU", second).StreamName;
        var forged = Forge.Event(stream, new StatementMade("RU", second, "A. Person", Stance.Neutral, "Said something."), "2024-06", null, taken.EventId);
        var line = Forge.Line(forged, stream, 0, Domain.Time.Moments.Text(DateTimeOffset.UtcNow.AddMinutes(-1)));

        var refused = await Assert.ThrowsAsync<ImportRejectedException>(() => target.Send(new ImportEvents(new MemoryStream(Encoding.UTF8.GetBytes(line + "\n")))));

        var error = Assert.Single(refused.Errors);
        Assert.Equal((1, "eventId"), (error.Line, error.Field));
        Assert.Contains($"is already recorded, in {RelationshipKey.Of("RU", first).StreamName} at revision 0", error.Message);
        Assert.Empty(await target.EventsAsync(stream));
    }
}
