using RelationsLedger.Application.Commands.Designations;
using RelationsLedger.Application.Commands.Mends;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Parties;

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
        await EarlierVersion.RecordAsync(_ledger, Key, retract.CommandId, new EntryRetracted(first.EventId, "wrong"), "2026");
    }

    public async Task DisposeAsync()
    {
        await _ledger.DisposeAsync();
        _folder.Dispose();
    }

    private static CorrectEntry Set(Guid target, string field, string value) =>
        TestLedger.Sourced(new CorrectEntry("RU", "taliban", target.ToString(), $"fix {field}", Changes: new Dictionary<string, string?> { [field] = value }), "2026");

    [Fact]
    public Task It_verifies_and_its_export_imports() => EarlierVersion.AssertVerifiesAndImportsAsync(_ledger, _folder, 4);
}
