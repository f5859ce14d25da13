using RelationsLedger.Application.Commands.Agreements;
using RelationsLedger.Application.Commands.Designations;
using RelationsLedger.Application.Commands.Mends;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Audit.Tests.Transfer;

/// <summary>
/// A correction that restates what its target already reads — the same effective date, fields equal to the event as
/// corrected so far — changes nothing, and is refused naming the target (a <see cref="Domain.Decisions.MendGuards"/>
/// guard). Before, <c>ledger record correct-entry --set authority=…</c> with the authority already recorded was recorded:
/// an entry in the audit trail saying a fact was corrected when nothing was. Like the other mend guards it is not applied
/// when a recorded event is decided again, so a ledger that holds such a correction from before verifies and imports.
/// </summary>
public sealed class CorrectionsThatChangeNothingTests : IAsyncLifetime
{
    private static readonly RelationshipKey Key = RelationshipKey.Of("RU", "taliban");
    private readonly TempFolder _folder = new();
    private TestLedger _ledger = null!;
    private Guid _designation;

    public async Task InitializeAsync()
    {
        _ledger = await TestLedger.OpenAsync(_folder.File("ledger.db"));
        _designation = (await _ledger.Send(TestLedger.Sourced(new ImposeDesignation("RU", "taliban", "Federal list", "Supreme Court"), "2003-02-14"))).EventId;
        await _ledger.Send(Correct(new() { ["reference"] = "GKPI 03-116" }));
    }

    public async Task DisposeAsync()
    {
        await _ledger.DisposeAsync();
        _folder.Dispose();
    }

    private CorrectEntry Correct(Dictionary<string, string?>? changes, string? date = null) =>
        TestLedger.Sourced(new CorrectEntry("RU", "taliban", _designation.ToString(), "fix", date, changes), "2026");

    public static TheoryData<string?, string?, string?> Restatements() => new()
    {
        { "reference", "GKPI 03-116", null },                // as the earlier correction set it
        { "authority", "Supreme Court", null },              // as recorded
        { "reference", " GKPI 03-116 ", null },              // trimmed, as every value is
        { null, null, "2003-02-14" },                        // the date it has
        { "authority", "Supreme Court", "2003-02-14" },      // both
    };

    [Theory]
    [MemberData(nameof(Restatements))]
    public async Task A_correction_that_restates_the_target_is_refused_naming_it(string? field, string? value, string? date)
    {
        var refused = await Assert.ThrowsAsync<CommandRefusedException>(() =>
            _ledger.Send(Correct(field is null ? null : new() { [field] = value }, date)));

        Assert.Contains("it changes nothing", refused.Message, StringComparison.Ordinal);
        Assert.Contains(_designation.ToString(), refused.Message, StringComparison.Ordinal);
        Assert.Equal(2, (await _ledger.Repository.LoadAsync(Key)).Events.Count);
    }

    [Theory]
    [InlineData("authority", "supreme court", null)]              // case is a correction too
    [InlineData("authority", "Supreme Court", "2003-02")]         // the date's precision changes
    [InlineData("reference", null, null)]                         // the reference removed
    public async Task A_correction_that_changes_one_thing_is_recorded(string field, string? value, string? date)
    {
        await _ledger.Send(Correct(new() { [field] = value }, date));

        Assert.Equal(3, (await _ledger.Repository.LoadAsync(Key)).Events.Count);
    }

    [Fact]
    public async Task One_recorded_before_the_guard_verifies_and_its_export_imports()
    {
        // What an earlier version of the ledger recorded for a correction restating the date: sealed onto the chain.
        await EarlierVersion.RecordAsync(_ledger, Key, Guid.NewGuid(), new EntryCorrected(_designation, "fix", PartialDate.Parse("2003-02-14"), null), "2026");

        await EarlierVersion.AssertVerifiesAndImportsAsync(_ledger, _folder, 3);
    }

    [Fact]
    public async Task A_swap_of_a_mutual_events_parties_recorded_before_the_guard_verifies_and_its_export_imports()
    {
        var signed = (await _ledger.Send(TestLedger.Sourced(new SignAgreement("RU", "taliban", "trade", "Trade pact"), "2025-05"))).EventId;
        var swapped = new CorrectEntry("RU", "taliban", signed.ToString(), "parties", null, new Dictionary<string, string?> { ["partyA"] = "taliban", ["partyB"] = "RU" });
        var refused = await Assert.ThrowsAsync<CommandRefusedException>(() => _ledger.Send(TestLedger.Sourced(swapped, "2026")));
        Assert.Contains("(its two parties named in the other order: the same fact)", refused.Message, StringComparison.Ordinal);

        // What a version before round 69 recorded for it: sealed onto the chain.
        await EarlierVersion.RecordAsync(_ledger, Key, Guid.NewGuid(), new EntryCorrected(signed, "parties", null, new AgreementSigned("taliban", "RU", "trade", "Trade pact")), "2026");

        await EarlierVersion.AssertVerifiesAndImportsAsync(_ledger, _folder, 4);
    }
}
