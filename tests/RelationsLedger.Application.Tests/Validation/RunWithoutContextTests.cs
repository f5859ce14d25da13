using FluentValidation;
using FluentValidation.Results;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application.Commands.Designations;
using RelationsLedger.Application.Commands.Recording;

namespace RelationsLedger.Application.Tests.Validation;

/// <summary>
/// <see cref="CommandValidators"/> runs a command's validators without FluentValidation's context (<see cref="RuleRun{T}"/>,
/// docs/performance.md round 67): its failures are exactly those of the same validators run by FluentValidation with one
/// context, as it ran them before — field, message, error code, attempted value, severity, state and placeholders, in order — on
/// CommandRulesOracleTests' thousands of commands of every type, as new, as recorded and each command's own fields only, with a
/// run's memo of vouched sources. One <see cref="CommandValidators"/> checks them one after the other, forwards then backwards
/// with a valid command between each two, as an import's lines are: a refusal after a pass, optional fields absent after present,
/// several failures after one and one after several, so nothing of one command's run can be carried into the next.
/// </summary>
public sealed class RunWithoutContextTests
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));

    /// <summary>The application's container (its validators and <see cref="CommandValidators"/>) on this test's clock, with <paramref name="more"/>.</summary>
    private ServiceProvider Services(Action<IServiceCollection>? more = null)
    {
        var services = new ServiceCollection().AddRelationsLedger(LedgerRequests.All).AddSingleton<TimeProvider>(_clock); // the last registered is the one resolved
        more?.Invoke(services);
        return services.BuildServiceProvider();
    }

    [Theory]
    [MemberData(nameof(CommandRulesOracleTests.CommandNames), MemberType = typeof(CommandRulesOracleTests))]
    public void A_command_is_refused_as_FluentValidation_refused_it_with_its_context(string commandName)
    {
        using var services = Services();
        var checker = services.GetRequiredService<CommandValidators>();
        var type = CommandTypes.All.Single(t => t.Name == commandName);
        var validators = services.GetServices(typeof(IValidator<>).MakeGenericType(type)).Cast<IValidator>().ToList();
        var own = validators.Where(v => !v.GetType().IsGenericType || v.GetType().GetGenericTypeDefinition() != typeof(RecordCommandValidator<>)).ToList();
        var commands = CommandRulesOracleTests.Commands(type, validators).ToList();
        var valid = commands[0];
        var sequence = commands.Concat(Enumerable.Reverse(commands)).SelectMany(c => new[] { c, valid }).ToList();
        var memo = new VouchedSources();
        var (mismatches, refused, passed) = (new List<string>(), 0, 0);
        foreach (var (command, label) in sequence)
        {
            foreach (var asRecorded in new[] { false, true })
            {
                // The context's run first: the memo is the same for both, and only the ledger's run vouches for a command's sources.
                var expected = WithContext(validators, command, asRecorded, memo);
                var actual = asRecorded ? checker.ValidateAsRecorded(command, memo) : checker.Validate(command, memo);
                if (FailureDiff.Of(expected, actual) is { } difference) mismatches.Add($"{label} (as recorded: {asRecorded}): {difference}");
                if (expected.Count > 0) refused++; else passed++;
            }
            if (FailureDiff.Of(WithContext(own, command, asRecorded: false, vouched: null), checker.ValidateOwnFields(command)) is { } ownDifference)
                mismatches.Add($"{label} (own fields): {ownDifference}");
        }
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {sequence.Count * 3} checks differ; the first:\n{string.Join("\n", mismatches.Take(5))}");
        Assert.True(refused > commands.Count && passed > 0, $"{refused} refused, {passed} passed of {sequence.Count * 2}"); // not vacuous
        Assert.True(memo.Count > 0, "no source was vouched for");
    }

    [Fact]
    public void A_command_validator_with_a_rule_of_FluentValidation_is_refused_rather_than_left_unrun()
    {
        using var services = Services(s => s.AddSingleton<IValidator<ImposeDesignation>, WithARule>());
        var command = new ImposeDesignation("RU", "taliban", "Federal list", "Supreme Court")
        {
            EffectiveDate = "2003-02-14", RecordedBy = "tester", Sources = [new("Reuters", "A report", null, null, null)],
        };
        var refusal = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<CommandValidators>().Validate(command));
        Assert.Contains(nameof(WithARule), refusal.Message);
    }

    private sealed class WithARule : AbstractValidator<ImposeDesignation>
    {
        public WithARule() => RuleFor(c => c.Authority).NotEmpty();
    }

    /// <summary>As <see cref="CommandValidators"/> ran a type's validators until round 67: one FluentValidation context with the run's data.</summary>
    private static List<ValidationFailure> WithContext(IReadOnlyList<IValidator> validators, RecordCommand command, bool asRecorded, VouchedSources? vouched)
    {
        var context = (IValidationContext)Activator.CreateInstance(typeof(ValidationContext<>).MakeGenericType(command.GetType()), command)!;
        if (asRecorded) context.RootContextData[FieldRules.AsRecorded] = true;
        if (vouched is not null) context.RootContextData[VouchedSources.Key] = vouched;
        List<ValidationFailure> failures = [];
        foreach (var validator in validators) failures = validator.Validate(context).Errors;
        return failures;
    }
}
