using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using RelationsLedger.Application.Commands.Batch;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Projections.Runner;

namespace RelationsLedger.Api.Errors;

/// <summary>
/// Turns the ledger's expected failures into problem details, and anything else into a bare 500 that
/// names only the trace id: messages of unexpected exceptions can hold paths, SQL or connection
/// details, so they go to the log, never to the client.
/// </summary>
public sealed class LedgerExceptionHandler(ILogger<LedgerExceptionHandler> log, Hosting.StoreOutage outage, Hosting.AnotherLedgerLog anotherLedger,
    Hosting.UnwritableStoreLog unwritable, Hosting.TamperedLedgerLog tampered) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var http = httpContext;
        if (http.RequestAborted.IsCancellationRequested) return true; // the client has gone: nobody to answer
        IResult result = exception switch
        {
            ValidationException e => Problems.Validation(e),
            CommandRefusedException e => Refused(e),
            BatchRefusedException e => Problems.Problem(StatusCodes.Status409Conflict, ProblemTypes.BatchRefused, "The batch contradicts the record.",
                $"{e.Refused.Count} of its commands cannot join the record together with the others; nothing was recorded.",
                new Dictionary<string, object?> { ["refused"] = RefusedItems(e.Refused) }),
            BatchPartlyRecordedException e => PartlyRecorded(e),
            CommandIdReusedException e => IdempotencyConflicts.IdReused(e),
            Application.Audit.Chain.LedgerTamperedException e => Tampered(http, e.Message, Problems.Problem(StatusCodes.Status409Conflict, ProblemTypes.LedgerTampered,
                "The ledger does not verify.", $"{e.Message} Nothing was recorded or changed.",
                new Dictionary<string, object?> { ["findings"] = e.Findings.Select(f => Application.Serialization.EchoedText.Bounded(f.ToString())).ToList() })),
            StreamHiddenException e => Tampered(http, $"{e.Hidden.Stream}: {e.Hidden.How}", Problems.Problem(StatusCodes.Status409Conflict, ProblemTypes.LedgerTampered,
                "The store hides recorded events of this relationship.", $"{e.Hidden.Stream}: {e.Hidden.How}. Nothing was recorded or answered from it; 'ledger verify' names what is missing.",
                new Dictionary<string, object?> { ["findings"] = new[] { Application.Audit.Chain.ChainFinding.Of(e.Hidden).ToString() } })),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => BodyLimit.TooLarge(http),
            BadHttpRequestException e => Problems.Problem(e.StatusCode, ProblemTypes.BadRequest, "The request could not be read.",
                "The request is malformed or was cut short."),
            StoreUnavailableException { ClockBehind: { } behind } e => ClockBehind(e, behind),
            StoreUnavailableException { AnotherLedger: true } e => AnotherLedger(e, http),
            Feed.FeedBehindException e => FeedBehind(e),
            StoreUnavailableException e => Unavailable(e, http),
            ReadModelUnavailableException e => ReadModelUnavailable(e),
            _ => Internal(exception, http),
        };
        await result.ExecuteAsync(http);
        return true;
    }

    /// <summary>A batch's refused items, one shape wherever they are listed (a refused batch, one recorded in part; the CLI's <c>--json</c> failures too).</summary>
    public static List<object> RefusedItems(IReadOnlyList<BatchItemRefused> refused) => [.. refused.Select(r => (object)new
    {
        item = r.Item, command = r.Command, eventType = r.Type, message = r.Conflict.Message, conflictingEventId = r.Conflict.ConflictingEventId,
    })];

    /// <summary>A 409 ledger-tampered, said in the log too (<see cref="Hosting.TamperedLedgerLog"/>): the operator must learn of it, not only the client.</summary>
    private IResult Tampered(HttpContext http, string why, IResult problem)
    {
        tampered.Answered($"{http.Request.Method} {http.Request.Path.Value}", why);
        return problem;
    }

    private static IResult Refused(CommandRefusedException e) =>
        Problems.Problem(StatusCodes.Status409Conflict, ProblemTypes.CommandRefused, $"{e.Type} refused: it contradicts the record.",
            $"{e.Message} Nothing was recorded.",
            new Dictionary<string, object?> { ["eventType"] = e.Type, ["conflictingEventId"] = e.Conflict.ConflictingEventId });

    private IResult PartlyRecorded(BatchPartlyRecordedException e)
    {
        log.LogError(e, "A batch was recorded in part");
        // After a lost race the rest may be refused rather than failed: a retry would not help, the message says why.
        var refused = e.InnerException is FluentValidation.ValidationException or BatchRefusedException;
        var problem = Problems.Problem(StatusCodes.Status503ServiceUnavailable, ProblemTypes.BatchPartlyRecorded, "The batch was recorded in part.",
            refused ? e.Message :
            e.InnerException is StoreUnavailableException { OutcomeUnknown: true } ?
            $"The event store failed after some relationships' parts of the batch were appended (each part is atomic), in the middle of appending {e.FailedStream}'s part: " +
            $"that part may or may not have been recorded. {e.Retry}" :
            $"The event store failed after some relationships' parts of the batch were appended (each part is atomic). {e.Retry}",
            new Dictionary<string, object?> { ["recordedStreams"] = e.RecordedStreams, ["failedStream"] = e.FailedStream, ["refused"] = e.Refused.Count > 0 ? RefusedItems(e.Refused) : null });
        // Refused after a lost race, a retry meets the same refusal: no Retry-After invites one.
        return refused ? problem : new RetryLater(problem, RetryLater.Soon);
    }

    private IResult Unavailable(StoreUnavailableException e, HttpContext http)
    {
        // An append that failed in flight is said each time (what it may have recorded matters); a write the store refused at its
        // place (a full disk) once a minute at most; any other failure is one of an outage, which the log says once when it starts,
        // at a bounded rate while it lasts, and when it ends (each stack at Debug); one the store's probe shows no outage (a lost race,
        // a failover's dropped call) at Warning, at a bounded rate too (AnsweredFailureLog).
        var what = $"{http.Request.Method} {http.Request.Path.Value}";
        if (e.OutcomeUnknown) log.LogError(e, "The event store failed while a command's events were being appended: they may or may not have been recorded");
        else if (e.Unwritable) unwritable.Refused(e, what);
        else outage.Failed(e, what, answered503: true);
        return new RetryLater(Problems.Problem(StatusCodes.Status503ServiceUnavailable, ProblemTypes.StoreUnavailable, "The event store is unavailable.",
            e.OutcomeUnknown
                // Not "nothing was recorded": a client told so could send the command again under a new id and record it twice. The store's
                // words say only what happened: a batch's handler advises for the batch (BatchRetry), and a command's advice is the API's own.
                ? e.Advice is { } batch
                    ? $"The event store failed while the batch's events were being appended: they may or may not have been recorded. {batch}"
                    : "The event store failed while the command's events were being appended: they may or may not have been recorded. " +
                      "Retry with the same Idempotency-Key (or commandId): a repeat is recognised and recorded once."
                : "The ledger cannot reach, read or write its event store just now; nothing was recorded. Try again later."), RetryLater.Soon);
    }

    /// <summary>
    /// The server's clock is behind the log's last recorded time: a retry fails the same way until an operator sets the clock
    /// right, so the client is told so, not "try again later" (it retried for nothing). The store's path stays in the log.
    /// </summary>
    private IResult ClockBehind(StoreUnavailableException e, ClockBehindLog behind)
    {
        log.LogError(e, "The clock of this server is behind the ledger's log");
        // Retry-After all the same: a client library retries a 503 whatever its detail says, and without one it would at its own pace.
        return new RetryLater(Problems.Problem(StatusCodes.Status503ServiceUnavailable, ProblemTypes.ClockBehindLog, "The server's clock is behind the ledger.",
            $"Cannot record: {behind.Text("the server", recording: true, "retry", "the store")} Until then a retry fails the same way: tell the operator."),
            RetryLater.AfterAnOperator);
    }

    /// <summary>
    /// The store was reset or replaced under this server (a KurrentDB node wiped and started empty at the same address): a retry
    /// fails the same way until an operator restarts the server, so the client is told so, not "try again later" — before round
    /// 44 a feed consumer was, and retried its checkpoint for ever. The store's words (with its address) stay in the log, said once
    /// for all the refusals (<see cref="Hosting.AnotherLedgerLog"/>), not with a stack per request as before round 46.
    /// </summary>
    private IResult AnotherLedger(StoreUnavailableException e, HttpContext http)
    {
        anotherLedger.Refused(e, $"{http.Request.Method} {http.Request.Path.Value}");
        return new RetryLater(Problems.Problem(StatusCodes.Status503ServiceUnavailable, ProblemTypes.StoreHoldsAnotherLedger, "The event store no longer holds this server's ledger.",
            "The event store was reset or replaced since this server started: it holds another ledger, or none. Nothing was read or recorded there. " +
            "A retry fails the same way until the operator restarts the server (after putting the ledger back, if it was lost). " +
            "The positions this server gave out, and the feed's checkpoints, are of the other log: after the restart the feed refuses them."),
            RetryLater.AfterAnOperator);
    }

    /// <summary>A feed's checkpoint that this server's follower does not hold yet, though the leader does: retry shortly (nothing is wrong with it).</summary>
    private static RetryLater FeedBehind(Feed.FeedBehindException e) =>
        new(Problems.Problem(StatusCodes.Status503ServiceUnavailable, ProblemTypes.FeedBehind, "This server's copy of the log is behind the checkpoint.", e.Message),
            Feed.FeedBehindException.RetryAfterSeconds);

    private IResult ReadModelUnavailable(ReadModelUnavailableException e)
    {
        // Not a fault: a first load (or a store not answering) outlasted Api:QueryWaitSeconds. The client is told that, not
        // "its disk is full"; the message names no file, so it is the detail.
        if (e.HoldsNothingYet)
        {
            log.LogWarning("A question was not answered: {Why}", e.Message);
            return new RetryLater(Problems.Problem(StatusCodes.Status503ServiceUnavailable, ProblemTypes.ReadModelUnavailable, "The read model holds nothing yet.",
                $"{e.Message} Nothing was recorded or changed."), RetryLater.Soon);
        }
        // The message names the file and the disk: it goes to the log, the client is told what it can do.
        log.LogError(e, "The read model is unavailable");
        return new RetryLater(Problems.Problem(StatusCodes.Status503ServiceUnavailable, ProblemTypes.ReadModelUnavailable, "The read model is unavailable.",
            "The read model that answers questions cannot be opened or brought up to date just now (for instance, its disk is full); " +
            "nothing was recorded or changed. The event log is not affected. Try again later."), RetryLater.Soon);
    }

    /// <summary>
    /// The answer names only the request's trace id, so the log names it too, in the line itself: the hosting's log scope that
    /// also holds it is not written by the console logger, so an operator given a client's trace id could not find the error.
    /// </summary>
    private IResult Internal(Exception e, HttpContext http)
    {
        log.LogError(e, "Unhandled exception answering {Method} {Path} (trace id {TraceId})", http.Request.Method, http.Request.Path.Value, http.TraceIdentifier);
        return Problems.Problem(StatusCodes.Status500InternalServerError, ProblemTypes.Internal, "An unexpected error occurred.",
            "The server could not answer this request. The error is logged under this request's trace id.");
    }
}
