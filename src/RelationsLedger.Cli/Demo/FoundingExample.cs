using FluentValidation;
using FluentValidation.Results;
using MediatR;
using RelationsLedger.Application.Commands.Batch;
using RelationsLedger.Application.Commands.Designations;
using RelationsLedger.Application.Commands.Recording;

namespace RelationsLedger.Cli.Demo;

/// <summary>
/// The founding example of the domain brief (shared/domain.md): the Russia–Taliban record, as two batches of
/// commands — the batch files <c>samples/founding-example/earlier.json</c> and <c>later.json</c>, embedded here, so
/// that the demo records exactly what the sample shows (<c>ledger record-batch samples/founding-example/earlier.json</c>).
/// The commands are out of effective-date order on purpose: the ledger back-fills.
/// </summary>
public static class FoundingExample
{
    public const string Russia = "RU";
    public const string Taliban = "taliban";
    public const string TerroristList = "Federal list of terrorist organisations";
    public const string SupremeCourt = "Supreme Court of the Russian Federation";

    /// <summary>Recorded first, before the moment the demo asks "as known at": the article's background, 2003–2024.</summary>
    public static RecordBatch EarlierBatch { get; } = Load("earlier.json");

    /// <summary>Recorded after that moment: the removal and what followed it.</summary>
    public static RecordBatch LaterBatch { get; } = Load("later.json");

    public static IReadOnlyList<RecordCommand> Earlier { get; } = EarlierBatch.Items.Select(i => i.Command).ToList();

    public static IReadOnlyList<RecordCommand> Later { get; } = LaterBatch.Items.Select(i => i.Command).ToList();

    /// <summary>
    /// Records the example, <see cref="EarlierBatch"/> then <see cref="LaterBatch"/>, with a pause between so that the two
    /// batches are recorded at distinct moments (the store's clock moves on): "as known at" questions have a moment between them.
    /// </summary>
    public static async Task RecordAsync(IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(EarlierBatch, ct);
        await Task.Delay(20, ct);
        await mediator.Send(LaterBatch, ct);
    }

    /// <summary>A contradiction the ledger must refuse: removing the designation a second time.</summary>
    public static RecordCommand Contradiction { get; } =
        new RemoveDesignation(Russia, Taliban, TerroristList, SupremeCourt)
        {
            EffectiveDate = "2025-06-01", RecordedBy = "demo",
            Sources = [new("Reuters", "Reporting on Russia's Supreme Court lifting the Taliban's terrorist designation", PublishedOn: "2025-04")],
        };

    private static RecordBatch Load(string name)
    {
        using var resource = typeof(FoundingExample).Assembly.GetManifestResourceStream($"founding-example/{name}")
            ?? throw new InvalidOperationException($"The sample founding-example/{name} is not embedded in {typeof(FoundingExample).Assembly.GetName().Name}.");
        using var bytes = new MemoryStream();
        resource.CopyTo(bytes);
        var failures = new List<ValidationFailure>();
        return BatchJson.Read(bytes.ToArray(), failures) ?? throw new ValidationException($"samples/founding-example/{name} is not a valid batch.", failures);
    }
}
