using System.Text.Json;
using System.Text.Json.Nodes;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application.Audit.Export;
using RelationsLedger.Application.Audit.Import;
using RelationsLedger.Application.Commands.Agreements;
using RelationsLedger.Application.Commands.Batch;
using RelationsLedger.Application.Commands.Cooperation;
using RelationsLedger.Application.Commands.Designations;
using RelationsLedger.Application.Commands.Mends;
using RelationsLedger.Application.Commands.Missions;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Commands.Relations;
using RelationsLedger.Application.Queries.History;
using RelationsLedger.Application.Serialization;

namespace RelationsLedger.Application.Tests.Validation;

/// <summary>
/// A correction's changed fields make an event the ledger will hold from then on, so they are checked as the command that
/// records that event would check them: a correction cannot record what the command itself would refuse (which the
/// ledger's own import then refused too), and a bad value is named by its field under <c>changes</c>, never a crash.
/// </summary>
public sealed class CorrectionReplacementTests : IAsyncLifetime
{
    private TestLedger _ledger = null!;

    public async Task InitializeAsync() => _ledger = await TestLedger.OpenAsync();

    public async Task DisposeAsync() => await _ledger.DisposeAsync();

    private static readonly string LongTitle = new('T', FieldRules.ShortText + 1);

    /// <summary>What each bad change is corrected on: the event's command, its parties as the correction names them.</summary>
    private static RecordCommand Original(string kind) => kind switch
    {
        "designation" => new ImposeDesignation("RU", "taliban", "Federal list", "Supreme Court"),
        "mission" => new OpenMission("US", "FR", "embassy", "Paris"),
        "agreement" => new SignAgreement("US", "FR", "treaty", "Treaty of Friendship"),
        "pledge" => new PledgeCooperation("RU", "taliban", "counter-terrorism", "isis-k"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [InlineData("designation", "counterpart", "RU", "changes.counterpart", "must be a different party from 'actor'")]
    [InlineData("designation", "actor", "taliban", "changes.counterpart", "must be a different party from 'actor'")]
    [InlineData("designation", "list", "   ", "changes.list", "'list' is required")]
    [InlineData("designation", "authority", null, "changes.authority", "'authority' is required")]
    [InlineData("mission", "level", "nonsense", "changes.level", "'level' must be one of")]
    [InlineData("mission", "level", "", "changes.level", "'level' must be one of")]
    [InlineData("mission", "protectingPower", "not a party!", "changes.protectingPower", "'protectingPower'")]
    [InlineData("agreement", "title", "long", "changes.title", "'title' must be at most 200 characters (it has 201)")]
    [InlineData("agreement", "partyB", "US", "changes.partyB", "must be a different party from 'partyA'")]
    [InlineData("pledge", "adversary", "RU", "changes.adversary", "cannot be the party that pledges")]
    public async Task A_changed_field_the_command_would_refuse_is_named_and_nothing_is_recorded(
        string kind, string field, string? value, string property, string because)
    {
        var original = await _ledger.Send(TestLedger.Sourced(Original(kind), "1990"));
        var (a, b) = Original(kind).Parties();
        var correction = TestLedger.Sourced(new CorrectEntry(a, b, original.EventId.ToString(), "fix",
            Changes: new Dictionary<string, string?> { [field] = value == "long" ? LongTitle : value }), "2026");

        var e = await Assert.ThrowsAsync<ValidationException>(() => _ledger.Send(correction));

        Assert.Contains(e.Errors, f => f.PropertyName == property && f.ErrorMessage.Contains(because, StringComparison.Ordinal));
        Assert.DoesNotContain(e.Errors, f => f.ErrorMessage.Contains("JSON", StringComparison.Ordinal));
        Assert.Single(await _ledger.AllEvents());
    }

    [Fact]
    public async Task In_a_batch_every_bad_correction_is_named_by_its_item_and_nothing_is_recorded()
    {
        var agreement = await _ledger.Send(TestLedger.Sourced(Original("agreement"), "1990"));
        var designation = await _ledger.Send(TestLedger.Sourced(Original("designation"), "1990"));
        var batch = new RecordBatch(
        [
            new BatchItem("line 1", TestLedger.Sourced(new EstablishRelations("US", "DE"), "1955")),
            new BatchItem("line 2", TestLedger.Sourced(new CorrectEntry("US", "FR", agreement.EventId.ToString(), "fix",
                Changes: new Dictionary<string, string?> { ["title"] = LongTitle }), "2026")),
            new BatchItem("line 3", TestLedger.Sourced(new CorrectEntry("RU", "taliban", designation.EventId.ToString(), "fix",
                Changes: new Dictionary<string, string?> { ["counterpart"] = "RU" }), "2026")),
        ]);

        var e = await Assert.ThrowsAsync<ValidationException>(() => _ledger.Send(batch));

        Assert.Equal(["line 2.changes.title", "line 3.changes.counterpart"], e.Errors.Select(f => f.PropertyName).Order(StringComparer.Ordinal));
        Assert.Equal(2, (await _ledger.AllEvents()).Count);
    }

    [Fact]
    public async Task A_correction_the_command_accepts_is_recorded_in_the_form_the_command_records_and_its_export_imports()
    {
        var mission = await _ledger.Send(TestLedger.Sourced(Original("mission"), "1990"));
        var agreement = await _ledger.Send(TestLedger.Sourced(Original("agreement"), "1990"));
        await _ledger.Send(TestLedger.Sourced(new CorrectEntry("US", "FR", mission.EventId.ToString(), "fix",
            Changes: new Dictionary<string, string?> { ["level"] = " Legation ", ["city"] = "  Lyon " }), "2026"));
        await _ledger.Send(TestLedger.Sourced(new CorrectEntry("US", "FR", agreement.EventId.ToString(), "fix",
            Changes: new Dictionary<string, string?> { ["title"] = new string('T', FieldRules.ShortText) }), "2026"));

        var history = await _ledger.Send(new GetHistory("US", "FR"));
        var replacement = history[2].Data.GetProperty("replacement").GetProperty("data");
        Assert.Equal(("legation", "Lyon"), (replacement.GetProperty("level").GetString(), replacement.GetProperty("city").GetString()));

        using var export = new MemoryStream();
        await _ledger.Send(new ExportEvents(export));
        await using var copy = await TestLedger.OpenAsync();
        var imported = await copy.Send(new ImportEvents(new MemoryStream(export.ToArray())));
        Assert.Equal(4, imported.Imported);
    }
}

/// <summary>
/// A correction may set any field of its target's event, and the only bound on the value is the rule of the command that
/// records that event: so every field of every command must have one (a length, a party, a name from a list).
/// </summary>
public sealed class EveryCommandFieldIsBoundedTests
{
    [Fact]
    public void Every_field_of_every_command_refuses_a_value_of_2001_characters()
    {
        using var services = new ServiceCollection().AddRelationsLedger().BuildServiceProvider();
        var validators = services.GetRequiredService<CommandValidators>();
        var rng = new Random(20261201);
        var unbounded = new List<string>();
        foreach (var type in RandomEvents.Types)
        {
            var command = CommandCatalogue.FromEvent(RandomEvents.Of(type, rng, "RU", "taliban", canonical: true), Domain.Parties.RelationshipKey.Of("RU", "taliban"));
            Assert.Empty(validators.ValidateOwnFields(command));
            var json = JsonSerializer.SerializeToNode(command, command.GetType(), LedgerJson.Commands)!.AsObject();
            foreach (var field in command.GetType().GetConstructors().Single().GetParameters().Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name!)))
            {
                var changed = json.DeepClone().AsObject();
                changed[field] = new string('x', FieldRules.LongText + 1);
                var failures = validators.ValidateOwnFields((RecordCommand)changed.Deserialize(command.GetType(), LedgerJson.Commands)!);
                if (!failures.Any(f => f.PropertyName == field)) unbounded.Add($"{command.GetType().Name}.{field}");
            }
        }
        Assert.Empty(unbounded);
    }
}
