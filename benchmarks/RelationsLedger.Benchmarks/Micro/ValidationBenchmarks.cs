using BenchmarkDotNet.Attributes;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application;
using RelationsLedger.Application.Commands.Missions;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Domain;
using RelationsLedger.Domain.Aspects;

namespace RelationsLedger.Benchmarks.Micro;

/// <summary>
/// What validating a command costs (its own validator and the rules every command shares, as the pipeline and the
/// import run them), and the pieces its rules call most. <c>--filter '*ValidationBenchmarks*'</c>
/// </summary>
/// <remarks>
/// <see cref="AllValidators"/> is the whole of it as an import line, a batch item and the pipeline's behaviour run it: every
/// validator registered for the command's type, from the application's container (its field-name resolvers set).
/// </remarks>
[MemoryDiagnoser]
public class ValidationBenchmarks
{
    private readonly OpenMission _command = new("US", "AF", "ambassador-nonresident", "Kabul")
    {
        EffectiveDate = "2003-02-14",
        RecordedBy = "analyst@example.org",
        Sources = [new SourceInput("U.S. Department of State", "Chiefs of Mission for Afghanistan", "https://history.state.gov/departmenthistory/people/chiefsofmission/afghanistan", null, "2024")],
    };

    // First: the container sets the field-name resolvers the validators below are then made with, as in the application.
    private readonly CommandValidators _all = new ServiceCollection().AddRelationsLedger().BuildServiceProvider().GetRequiredService<CommandValidators>();
    private readonly OpenMissionValidator _own = new();
    private readonly RecordCommandValidator<OpenMission> _shared = new(TimeProvider.System);

    [Benchmark]
    public int AllValidators() => _all.Validate(_command).Count;

    private readonly VouchedSources _vouched = new();

    /// <summary>As an import checks a line (as recorded), without a memo of the sources: what every line cost before round 49.</summary>
    [Benchmark]
    public int AllValidatorsAsRecorded() => _all.ValidateAsRecorded(_command).Count;

    /// <summary>As an import checks a line whose source an earlier line cited and passed (round 49): the sources' rules skipped.</summary>
    [Benchmark]
    public int AllValidatorsSourceCitedBefore() => _all.ValidateAsRecorded(_command, _vouched).Count;

    [Benchmark]
    public bool OwnValidator() => _own.Validate(_command).IsValid;

    [Benchmark]
    public bool SharedValidator() => _shared.Validate(_command).IsValid;

    [Benchmark]
    public bool ParseMissionLevel() => Names.TryParse<MissionLevel>("ambassador-nonresident", out _);

    [Benchmark]
    public string SpellMissionLevel() => Names.Of(MissionLevel.AmbassadorNonresident);
}
