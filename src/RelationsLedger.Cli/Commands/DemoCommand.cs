using System.CommandLine;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application.Commands.Batch;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Queries.AsOf;
using RelationsLedger.Application.Storage;
using RelationsLedger.Cli.Demo;
using RelationsLedger.Cli.Hosting;
using RelationsLedger.Cli.Output;
using RelationsLedger.Hosting;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;
using Spectre.Console;

namespace RelationsLedger.Cli.Commands;

/// <summary>
/// <c>ledger demo</c>: records the founding example into a fresh store and answers the domain
/// brief's four questions through the same queries an analyst uses.
/// </summary>
public static class DemoCommand
{
    public sealed record Answer(string Question, string AsOf, DateTimeOffset? KnownAt, string Reply, RelationshipStateView State);

    /// <summary>The word that names the command on a line.</summary>
    public const string Name = "demo";

    public static Command Build(CliOutput io)
    {
        var json = new Option<bool>("--json") { Description = "Print the answers as JSON." };
        var command = new Command(Name, "Record the founding example (Russia–Taliban) into a fresh store and answer the four questions of the domain brief.") { json };
        command.SetAction((parse, ct) => Errors.Guard(io, async () =>
        {
            var store = StoreOption.Named(parse) ? StoreOption.Text(parse) : Path.Combine(Path.GetTempPath(), $"relationsledger-demo-{Guid.NewGuid():N}.db");
            await using var services = await Services.OpenAsync(StoreLocation.Parse(store), io, ct);
            var eventStore = services.GetRequiredService<IEventStore>();
            if (await eventStore.ReadAllAsync(null, 1, StreamFilter.Relationships, ct).AnyAsync(ct))
                throw new CliInputException($"the demo needs a fresh store, and {eventStore.Description} already holds events. {StoreOption.HowToLeaveOut(parse)} to use a new temporary file.", "--store");

            using var scope = services.CreateScope();
            var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
            var asJson = parse.GetValue(json);
            var log = asJson ? TextWriter.Null : io.Out;

            await log.WriteLineAsync($"Recording the founding example into {eventStore.Description} (back-filled out of date order):");
            await Record(mediator, FoundingExample.EarlierBatch, log, ct);
            await Task.Delay(10, ct); // the store's clock must move past this moment before the removal is recorded
            var beforeRemoval = DateTimeOffset.UtcNow;
            await Task.Delay(10, ct);
            await Record(mediator, FoundingExample.LaterBatch, log, ct);

            try
            {
                await mediator.Send(FoundingExample.Contradiction, ct);
                throw new InvalidOperationException("The ledger accepted a contradiction: removing a designation that is not in force.");
            }
            catch (CommandRefusedException refused)
            {
                await log.WriteLineAsync($"  and refused a contradiction: {refused.Message}");
            }

            var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var answers = new List<Answer>();
            async Task Ask(string question, string asOf, DateTimeOffset? knownAt, Func<RelationshipStateView, string> reply)
            {
                var view = await mediator.Send(new GetRelationshipState(FoundingExample.Russia, FoundingExample.Taliban, asOf, knownAt), ct);
                answers.Add(new(question, asOf, knownAt, reply(view), view));
            }

            await Ask("As of 2024-12-31: is the Taliban designated by Russia, and is there an ambassador?", "2024-12-31", null,
                v => $"{Designations(v)} {Ambassadors(v)}");
            await Ask("As of 2025-04-17: is any designation in force?", "2025-04-17", null, Designations);
            await Ask($"As of today ({today}): is any designation in force?", today, null, Designations);
            await Ask("As of 2025-05-10: is Russia's pledge of May 2025 in force?", "2025-05-10", null, Pledges);
            await Ask($"As known at {beforeRemoval:O}, before the removal was recorded, as of today: is the designation in force?", today, beforeRemoval, Designations);

            if (asJson) await Json.WriteLineAsync(io.Out, new { store = eventStore.Description, answers });
            else
            {
                foreach (var answer in answers)
                {
                    io.Console.WriteLine();
                    io.Console.MarkupLine($"[bold]Q: {Markup.Escape(answer.Question)}[/]");
                    io.Console.WriteLine($"A: {answer.Reply}");
                    StateTable.Write(io.Console, answer.State);
                }
                io.Console.WriteLine();
                // One line, whatever the terminal's width, to copy whole; the moment to the tick, so the question can be asked again.
                await io.Out.WriteLineAsync($"Explore the demo ledger: ledger --store \"{store}\" history RU taliban   (or: state RU taliban --as-of 2025-01-01 --known-at {beforeRemoval:O})");
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>Records one of the example's batches (samples/founding-example), a line per fact.</summary>
    private static async Task Record(IMediator mediator, RecordBatch batch, TextWriter log, CancellationToken ct)
    {
        var recorded = await mediator.Send(batch, ct);
        for (var i = 0; i < recorded.Items.Count; i++)
            await log.WriteLineAsync($"  {batch.Items[i].Command.EffectiveDate,-10} {recorded.Items[i].Type,-22} {recorded.Items[i].EventId}");
    }

    private static string Certainty(Certainty c) => c == Domain.Time.Certainty.Certain ? "certain" : "only possible: its partial date straddles the day";

    private static string Designations(RelationshipStateView v)
    {
        var inForce = v.Designations.Where(d => d.Status == ItemStatus.InForce).ToList();
        var ended = v.Designations.Where(d => d.Status == ItemStatus.Ended).ToList();
        if (inForce.Count > 0)
            return string.Join(" ", inForce.Select(d => $"Yes: {d.Item.Actor} designates {d.Item.Counterpart} on '{d.Item.List}' since {d.Item.Since} ({Certainty(d.Certainty)}; event {d.Item.EventId})."));
        if (ended.Count > 0)
            return string.Join(" ", ended.Select(d => $"No designation in force: {d.Item.Actor}'s listing of {d.Item.Counterpart} on '{d.Item.List}' ended on {d.Item.Ended!.On} by {d.Item.Ended.Type} {d.Item.Ended.EventId} ({d.Item.Ended.Reason})."));
        return "No designation has been recorded.";
    }

    private static string Ambassadors(RelationshipStateView v)
    {
        var inPost = v.Ambassadors.Where(a => a.Status == ItemStatus.InForce).ToList();
        return inPost.Count == 0 ? "No ambassador is in post either way."
            : string.Join(" ", inPost.Select(a => $"{a.Item.Sending}'s ambassador in {a.Item.Receiving}: {a.Item.Person} since {a.Item.Since}."));
    }

    private static string Pledges(RelationshipStateView v) => v.Pledges.Count == 0 ? "No pledge is in force."
        : string.Join(" ", v.Pledges.Select(p => $"{(p.Certainty == Domain.Time.Certainty.Certain ? "Yes" : "Possibly")}: {p.Item.Actor} pledged {p.Item.Domain}{(p.Item.Adversary is { } a ? $" against {a}" : "")} in {p.Item.Since} — {Certainty(p.Certainty)}."));
}
