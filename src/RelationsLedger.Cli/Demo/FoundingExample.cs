using MediatR;
using RelationsLedger.Application.Commands.Ambassadors;
using RelationsLedger.Application.Commands.Cooperation;
using RelationsLedger.Application.Commands.Designations;
using RelationsLedger.Application.Commands.Projects;
using RelationsLedger.Application.Commands.Recognition;
using RelationsLedger.Application.Commands.Recording;

namespace RelationsLedger.Cli.Demo;

/// <summary>
/// The founding example of the domain brief (shared/domain.md): the Russia–Taliban record, as
/// commands. They are recorded out of effective-date order on purpose: the ledger back-fills.
/// </summary>
public static class FoundingExample
{
    public const string Russia = "RU";
    public const string Taliban = "taliban";
    public const string TerroristList = "Federal list of terrorist organisations";
    public const string SupremeCourt = "Supreme Court of the Russian Federation";
    private const string Recorder = "demo";

    private static readonly SourceInput Ria = new("RIA Novosti", "Interview with Zamir Kabulov, Russia's special envoy for Afghanistan", PublishedOn: "2025-05");
    private static readonly SourceInput Reuters = new("Reuters", "Reporting on Russia's Supreme Court lifting the Taliban's terrorist designation", PublishedOn: "2025-04");
    private static readonly SourceInput ReutersRecognition = new("Reuters", "Reporting on Russia's recognition of the Islamic Emirate of Afghanistan", PublishedOn: "2025-07");

    private static T On<T>(T command, string effective, params SourceInput[] sources) where T : RecordCommand =>
        command with { EffectiveDate = effective, RecordedBy = Recorder, Sources = sources };

    /// <summary>Recorded first, before the moment the demo asks "as known at".</summary>
    public static IReadOnlyList<RecordCommand> Earlier { get; } =
    [
        On(new MakeStatement(Russia, Taliban, "Vladimir Putin", "ally", "Calls the Taliban an ally in the fight against terrorism."), "2024-07", Ria),
        On(new HoldEngagement(Russia, Taliban, "forum", "St. Petersburg International Economic Forum: Taliban delegation", "St. Petersburg"), "2022-06", Ria),
        On(new ImposeDesignation(Russia, Taliban, TerroristList, SupremeCourt), "2003-02-14", Reuters),
        On(new HoldEngagement(Russia, Taliban, "forum", "St. Petersburg International Economic Forum: Taliban delegation again", "St. Petersburg"), "2024", Ria),
    ];

    /// <summary>Recorded after that moment: the removal and what followed it.</summary>
    public static IReadOnlyList<RecordCommand> Later { get; } =
    [
        On(new RemoveDesignation(Russia, Taliban, TerroristList, SupremeCourt), "2025-04-17", Reuters),
        On(new PledgeCooperation(Russia, Taliban, "counter-terrorism", "isis-k"), "2025-05", Ria),
        On(new NominateAmbassador(Taliban, Russia, "Gul Hassan Hassan"), "2025-05", Ria),
        On(new HoldEngagement(Russia, Taliban, "forum", "Russia–Afghanistan business forum: minerals and gas pipeline projects", "Kazan"), "2025-05", Ria),
        On(new ProposeProject(Russia, Taliban, "transport and energy", "Rail links and pipelines linking Central Asia with Afghanistan"), "2025-05", Ria),
        On(new GrantRecognition(Russia, Taliban, "de-jure"), "2025-07-03", ReutersRecognition),
        On(new AccreditAmbassador(Taliban, Russia, "Gul Hassan Hassan"), "2025-07-03", ReutersRecognition),
    ];

    /// <summary>
    /// Records the example, <see cref="Earlier"/> then <see cref="Later"/>, with a pause between so that the two groups
    /// are recorded at distinct moments (the store's clock moves on): "as known at" questions have a moment between them.
    /// </summary>
    public static async Task RecordAsync(IMediator mediator, CancellationToken ct)
    {
        foreach (var command in Earlier) await mediator.Send(command, ct);
        await Task.Delay(20, ct);
        foreach (var command in Later) await mediator.Send(command, ct);
    }

    /// <summary>A contradiction the ledger must refuse: removing the designation a second time.</summary>
    public static RecordCommand Contradiction { get; } =
        On(new RemoveDesignation(Russia, Taliban, TerroristList, SupremeCourt), "2025-06-01", Reuters);
}
