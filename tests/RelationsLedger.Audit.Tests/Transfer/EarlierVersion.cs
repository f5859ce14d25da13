using RelationsLedger.Application.Audit.Export;
using RelationsLedger.Application.Audit.Import;
using RelationsLedger.Application.Audit.Verify;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.Provenance;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Audit.Tests.Transfer;

/// <summary>What an earlier version of the ledger recorded before a guard was added, and what such a ledger must still do.</summary>
internal static class EarlierVersion
{
    /// <summary>Seals <paramref name="e"/> onto <paramref name="key"/>'s chain as the ledger records an event, without the command's guards.</summary>
    public static async Task RecordAsync(TestLedger ledger, RelationshipKey key, Guid id, IRelationshipEvent e, string effective)
    {
        var history = await ledger.Repository.LoadAsync(key);
        await ledger.Repository.AppendAsync(history, id, e, PartialDate.Parse(effective),
            new Provenance("tester", [new Source("Reuters", "A report", "https://example.org/report", null, PartialDate.Parse("2025-05"))], id, id));
    }

    /// <summary>The ledger verifies, and its export imports whole into an empty one.</summary>
    public static async Task AssertVerifiesAndImportsAsync(TestLedger ledger, TempFolder folder, int events)
    {
        var verified = await ledger.Send(new VerifyLedger());
        Assert.True(verified.Ok, string.Join("\n", verified.Findings));
        var export = new MemoryStream();
        await ledger.Send(new ExportEvents(export));
        export.Position = 0;
        await using var copy = await TestLedger.OpenAsync(folder.File("copy.db"));
        Assert.Equal(events, (await copy.Send(new ImportEvents(export))).Imported);
    }
}
