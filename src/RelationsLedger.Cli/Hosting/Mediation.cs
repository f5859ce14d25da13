using System.CommandLine;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Cli.Output;

namespace RelationsLedger.Cli.Hosting;

/// <summary>The one way a CLI command talks to the application: open the store, send one request, render the answer.</summary>
public static class Mediation
{
    /// <summary>Sends <paramref name="request"/> on the store named by <c>--store</c>.</summary>
    public static async Task<TResponse> SendAsync<TResponse>(ParseResult parse, CliOutput io, IRequest<TResponse> request, CancellationToken ct, bool storeMustExist = false)
    {
        await using var services = await Services.ForStoreAsync(parse, io, ct, storeMustExist);
        using var scope = services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request, ct);
    }

    /// <summary>
    /// A query command's action: answer <paramref name="request"/> on an existing ledger and print it
    /// as JSON when <paramref name="json"/> is set, else with <paramref name="render"/>.
    /// </summary>
    public static void SetQueryAction<TResponse>(this Command command, CliOutput io, Option<bool> json,
        Func<ParseResult, IRequest<TResponse>> request, Action<Spectre.Console.IAnsiConsole, TResponse> render) =>
        command.SetAction((parse, ct) => Errors.Guard(io, async () =>
        {
            var answer = await SendAsync(parse, io, request(parse), ct, storeMustExist: true);
            if (parse.GetValue(json)) await io.Out.WriteLineAsync(Json.Write(answer));
            else render(io.Console, answer);
            return ExitCodes.Ok;
        }));
}
