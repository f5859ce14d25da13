using System.CommandLine;
using FluentValidation.Results;
using MediatR;
using RelationsLedger.Application;
using RelationsLedger.Application.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Cli.Output;

namespace RelationsLedger.Cli.Hosting;

/// <summary>The one way a CLI command talks to the application: open the store, send one request, render the answer.</summary>
public static class Mediation
{
    /// <summary>Sends <paramref name="request"/> on the store named by <c>--store</c>.</summary>
    /// <param name="failures">What the command itself could not read; reported with the request's own problems, before the store is asked anything.</param>
    /// <param name="requests">Which requests the services are made for: <see cref="LedgerRequests.Questions"/> when <paramref name="request"/> is a question.</param>
    public static async Task<TResponse> SendAsync<TResponse>(ParseResult parse, CliOutput io, IRequest<TResponse> request, CancellationToken ct,
        bool storeMustExist = false, IReadOnlyCollection<ValidationFailure>? failures = null, LedgerRequests requests = LedgerRequests.All)
    {
        await using var services = await Services.ForStoreAsync(parse, io, ct, requests: requests);
        using var scope = services.CreateScope();
        RequestValidation.ThrowIfInvalid(scope.ServiceProvider, request, failures ?? []);
        if (storeMustExist) await Services.RequireLedgerAsync(parse, services, ct);
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request, ct);
    }

    /// <summary>
    /// A query command's action: answer <paramref name="request"/> on an existing ledger and print it
    /// as JSON when <paramref name="json"/> is set, else with <paramref name="render"/>.
    /// </summary>
    /// <remarks>
    /// <paramref name="render"/> is given the output and takes its console itself (<see cref="CliOutput.Console"/>): a delegate
    /// whose signature names the console's type, made as each query command's line is parsed, loaded the console library's
    /// assembly for a <c>--json</c> answer too (docs/performance.md, round 60).
    /// </remarks>
    public static void SetQueryAction<TResponse>(this Command command, CliOutput io, Option<bool> json,
        Func<ParseResult, ICollection<ValidationFailure>, IRequest<TResponse>> request, Action<CliOutput, TResponse> render) =>
        command.SetQueryAction(io, json, request, (console, _, answer) => render(console, answer));

    /// <summary>As above, for a table that also says something of the question (what an empty answer was asked about).</summary>
    public static void SetQueryAction<TResponse>(this Command command, CliOutput io, Option<bool> json,
        Func<ParseResult, ICollection<ValidationFailure>, IRequest<TResponse>> request, Action<CliOutput, IRequest<TResponse>, TResponse> render) =>
        command.SetAction((parse, ct) => Errors.Guard(io, async () =>
        {
            InterpretedQuestion.Begin(io);
            var failures = new List<ValidationFailure>();
            var question = request(parse, failures);
            var answer = await SendAsync(parse, io, question, ct, storeMustExist: true, failures, LedgerRequests.Questions);
            if (parse.GetValue(json)) await Json.WriteLineAsync(io.Out, answer, ct);
            else render(io, question, answer);
            return ExitCodes.Ok;
        }));
}
