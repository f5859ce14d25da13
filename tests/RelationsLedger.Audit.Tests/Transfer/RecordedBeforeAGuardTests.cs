using RelationsLedger.Application.Audit.Export;
using RelationsLedger.Application.Audit.Import;
using RelationsLedger.Application.Audit.Verify;
using RelationsLedger.Application.Commands.Designations;
using RelationsLedger.Application.Commands.Mends;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.Provenance;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Audit.Tests.Transfer;

/// <summary>
/// A command is refused a mend that would change nothing (<see cref="Domain.Decisions.MendGuards"/>: a retraction of a
/// correction that a later field correction carries). A ledger recorded before that guard holds such retractions, and
/// they contradict nothing: deciding its events again (verify, the import of its export) must accept them. Deciding
/// them by the guard named them refused and refused the export.
/// </summary>
public sealed class RecordedBeforeAGuardTests : IAsyncLifetime
{
    private static readonly RelationshipKey Key = RelationshipKey.Of("RU", "taliban");
    private readonly TempFolder _folder = new();
    private TestLedger _ledger = null!;

    public async Task InitializeAsync()
    {
        _ledger = await TestLedger.OpenAsync(_folder.File("ledger.db"));
        var designation = await _ledger.Send(TestLedger.Sourced(new ImposeDesignation("RU", "taliban", "Federal list", "Supreme Court"), "2003-02-14"));
        var first = await _ledger.Send(Set(designation.EventId, "reference", "GKPI 03-116"));
        await _ledger.Send(Set(designation.EventId, "authority", "Supreme Court of the Russian Federation"));
        var retract = TestLedger.Sourced(new RetractEntry("RU", "taliban", first.EventId.ToString(), "wrong"), "2026");
        await Assert.ThrowsAsync<CommandRefusedException>(() => _ledger.Send(retract));

        // What an earlier version of the ledger recorded for the same command: the retraction, sealed onto the chain.
        var history = await _ledger.Repository.LoadAsync(Key);
        await _ledger.Repository.AppendAsync(history, retract.CommandId, new EntryRetracted(first.EventId, "wrong"), PartialDate.Parse("2026"),
            new Provenance("tester", [new Source("Reuters", "A report", "https://example.org/report", null, PartialDate.Parse("2025-05"))], retract.CommandId, retract.CommandId));
    }

    public async Task DisposeAsync()
    {
        await _ledger.DisposeAsync();
        _folder.Dispose();
    }

    private static CorrectEntry Set(Guid target, string field, string value) =>
        TestLedger.Sourced(new CorrectEntry("RU", "taliban", target.ToString(), $"fix {field}", Changes: new Dictionary<string, string?> { [field] = value }), "2026");

    [Fact]
    public async Task It_verifies_and_its_export_imports()
    {
        var verified = await _ledger.Send(new VerifyLedger());
        Assert.True(verified.Ok, string.Join("\n", verified.Findings));

        var export = new MemoryStream();
        await _ledger.Send(new ExportEvents(export));
        export.Position = 0;
        await using var copy = await TestLedger.OpenAsync(_folder.File("copy.db"));
        Assert.Equal(4, (await copy.Send(new ImportEvents(export))).Imported);
    }
}
