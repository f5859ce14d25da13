using System.CommandLine;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application.Audit.Digest;
using RelationsLedger.Cli.Hosting;
using RelationsLedger.Cli.Output;

namespace RelationsLedger.Cli.Audit;

/// <summary><c>ledger digest [--json]</c>: a token over every stream's head at the current global position.</summary>
public static class DigestCommand
{
    /// <summary>The word that names the command on a line.</summary>
    public const string Name = "digest";

    public static Command Build(CliOutput io)
    {
        var json = new Option<bool>("--json") { Description = "Print the digest with every stream's head as JSON." };
        var command = new Command(Name, "Print a digest of the whole ledger at its current global position; keep it outside the system and check it later with 'ledger verify --digest'.") { json };
        command.SetAction((parse, ct) => Errors.Guard(io, async () =>
        {
            await using var services = await Services.ForStoreAsync(parse, io, ct, mustExist: true);
            using var scope = services.CreateScope();
            var digest = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new TakeDigest(), ct);
            if (parse.GetValue(json))
                await Json.WriteLineAsync(io.Out, new { digest.Token, digest.Position, digest.TakenAt, digest.StreamCount, digest.EventCount, digest.Hash, digest.Streams, digest.Scheme, digest.LogHash }, ct);
            else
            {
                await io.Out.WriteLineAsync(digest.Token);
                await io.Error.WriteLineAsync($"Digest of {digest.StreamCount} stream(s), {digest.EventCount} event(s) up to position {digest.Position}, taken {digest.TakenAt:u}.");
            }
            return ExitCodes.Ok;
        }));
        return command;
    }
}
