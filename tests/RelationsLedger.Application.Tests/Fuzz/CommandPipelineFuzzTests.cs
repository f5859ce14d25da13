using CsCheck;
using FluentValidation;
using RelationsLedger.Application.Audit.Verify;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Application.Tests.Fuzz;

/// <summary>
/// Hostile commands of every kind through the whole pipeline (validation, decision, append): each is either
/// recorded — and the ledger still verifies — or refused with a problem that names a field (or the conflicting
/// event), and a refusal leaves the store file byte for byte as it was.
/// </summary>
public sealed class CommandPipelineFuzzTests
{
    private static readonly Gen<(int Command, string?[] Fields, string Effective, string RecordedBy, (string? Publisher, string? Title, string? Url)[] Sources)> Commands =
        Gen.Select(
            Gen.Int[0, CommandCatalogue.All.Count - 1],
            Gen.Frequency((3, Gen.Const((string?)Valid)), (1, Hostile.Optional)).Array[6],
            Gen.Frequency((3, Gen.Int[0, 3].Select(i => new[] { "2003", "2003-02-14", "2025-05", "1990" }[i])), (1, Hostile.Text)),
            Gen.Frequency((3, Gen.Const("fuzzer")), (1, Hostile.Text)),
            Gen.Frequency(
                (3, Gen.Const(new (string?, string?, string?)[] { ("Reuters", "A report", null) })),
                (1, Gen.Select(Hostile.Optional, Hostile.Optional, Hostile.Optional).Array[0, 3])),
            (c, f, e, r, s) => (c, f, e, r, s));

    [Fact]
    public async Task Every_hostile_command_is_recorded_or_refused_by_field_and_a_refusal_changes_nothing()
    {
        await using var ledger = await TestLedger.OpenAsync(new ManualClock(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero)));
        var recorded = 0;
        await Commands.SampleAsync(async sample =>
        {
            var command = Build(sample);
            var before = await StoreBytesAsync(ledger);
            try
            {
                var done = await ledger.Send(command);
                recorded++;
                Assert.True((await ledger.Send(new VerifyLedger())).Ok, "the ledger no longer verifies");
                await AssertCachedHistoryIsTheStoredOneAsync(ledger, done.Stream);
                return;
            }
            catch (ValidationException e)
            {
                Assert.NotEmpty(e.Errors);
                Assert.All(e.Errors, f => Assert.False(string.IsNullOrEmpty(f.PropertyName), $"a problem without a field: {f.ErrorMessage}"));
            }
            catch (CommandRefusedException e)
            {
                Assert.False(string.IsNullOrEmpty(e.Conflict.Message));
            }
            catch (CommandIdReusedException)
            {
            }
            Assert.Equal(before, await StoreBytesAsync(ledger));
        }, iter: Hostile.Iterations(150), threads: 1);
        Assert.True(recorded > 0, "no generated command was ever recorded: the generator only tests validation");
    }

    /// <summary>
    /// What the next command on the relationship will decide from (the history cache, which learns each append
    /// from the values it serialised) is what a read of the store decodes: event, envelope and record, for any text.
    /// </summary>
    private static async Task AssertCachedHistoryIsTheStoredOneAsync(TestLedger ledger, string stream)
    {
        Assert.True(RelationshipKey.TryParseStream(stream, out var key));
        var cached = ledger.Services.GetRequiredService<HistoryCache>().Get(key!);
        var stored = await new RelationshipRepository(ledger.Store).LoadAsync(key!);
        Assert.Equal(stored.Count, cached.Count);
        for (var i = 0; i < stored.Count; i++)
        {
            var (s, c) = (stored.Events[i], cached.Events[i]);
            Assert.Equal(s.Event, c.Event);
            Assert.Equal(s.Envelope with { Sources = [] }, c.Envelope with { Sources = [] });
            Assert.Equal(s.Envelope.Sources, c.Envelope.Sources);
            Assert.Equal(s.Recorded with { Data = default, Metadata = default }, c.Recorded with { Data = default, Metadata = default });
            Assert.Equal(s.Recorded.Data.ToArray(), c.Recorded.Data.ToArray());
            Assert.Equal(s.Recorded.Metadata.ToArray(), c.Recorded.Metadata.ToArray());
        }
    }

    /// <summary>A command of the chosen kind with hostile fields (strings by position), dates, recorder and sources.</summary>
    private static RecordCommand Build((int Command, string?[] Fields, string Effective, string RecordedBy, (string? Publisher, string? Title, string? Url)[] Sources) s)
    {
        var type = CommandCatalogue.All[s.Command].CommandType;
        var constructor = type.GetConstructors().MaxBy(c => c.GetParameters().Length)!;
        var parameters = constructor.GetParameters();
        var arguments = new object?[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            var given = s.Fields[i % 6];
            arguments[i] = p.ParameterType != typeof(string) ? null // a correction's changes: none
                : ReferenceEquals(given, Valid) ? ValidFor(p.Name!)
                : given ?? (IsRequired(p) ? "" : null);
        }
        var command = (RecordCommand)constructor.Invoke(arguments);
        return command with
        {
            EffectiveDate = s.Effective,
            RecordedBy = s.RecordedBy,
            Sources = s.Sources.Select(x => new SourceInput(x.Publisher, x.Title, x.Url)).ToList(),
        };
    }

    /// <summary>Stands for "a valid value for this field" in a generated sample.</summary>
    private const string Valid = "\u0001valid";

    private static string? ValidFor(string parameter) => parameter switch
    {
        "Actor" or "Sending" or "PartyA" => "RU",
        "Counterpart" or "Receiving" or "PartyB" => "taliban",
        "Level" => "embassy",
        "Stance" => "ally",
        "Form" => "de-jure",
        "Target" => Guid.NewGuid().ToString(),
        "Adversary" or "ProtectingPower" => null,
        _ => "Fuzz value",
    };

    private static bool IsRequired(System.Reflection.ParameterInfo p) =>
        new System.Reflection.NullabilityInfoContext().Create(p).WriteState != System.Reflection.NullabilityState.Nullable;

    private static Task<string> StoreBytesAsync(TestLedger ledger) => StoreFingerprint.OfAsync(ledger.StorePath);
}
