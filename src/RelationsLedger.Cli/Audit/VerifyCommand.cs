using System.CommandLine;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application.Audit.Export;
using RelationsLedger.Application.Audit.Verify;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Cli.Hosting;
using RelationsLedger.Cli.Output;

namespace RelationsLedger.Cli.Audit;

/// <summary><c>ledger verify [A B] [--digest TOKEN] [--json]</c>: recompute every hash and chain link.</summary>
public static class VerifyCommand
{
    /// <summary>The word that names the command on a line.</summary>
    public const string Name = "verify";

    public static Command Build(CliOutput io)
    {
        var parties = new PartyPair();
        var digest = new Option<string?>("--digest") { Description = "A digest token from 'ledger digest': also prove nothing recorded up to its position has changed since." };
        var file = new Option<string?>("--file") { Description = "Verify an NDJSON export (from any store) instead of the store; - reads standard input." };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON." };
        var command = new Command(Name, "Replay the ledger (or one relationship) from the store, recompute every hash and chain link, decide every event again by the ledger's rules, and name any event altered, removed, inserted, reordered or refused.")
            { parties.A, parties.B, digest, file, json };
        command.SetAction((parse, ct) => Errors.Guard(io, async () =>
        {
            var (a, b) = parties.Read(parse);
            var path = parse.GetValue(file);
            if (path is not null && a is not null) throw new CliInputException("--file verifies a whole export; name no relationship.", "file");
            await using var services = await Services.ForStoreAsync(parse, io, ct, mustExist: path is null);
            using var scope = services.CreateScope();
            var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
            VerifyReport report;
            if (path is null) report = await mediator.Send(new VerifyLedger(a, b, parse.GetValue(digest)), ct);
            else
            {
                var standard = path == "-"; // as import reads it
                await using var input = standard ? InputFile.Standard(io.Input(), "file") : await InputFile.OpenAsync(path, $"--file '{path}'", "an export file (or - for standard input)", "file", ct);
                report = await mediator.Send(new VerifyExport(input, standard ? "the export on standard input" : $"the export {Path.GetFullPath(path)}", parse.GetValue(digest)), ct);
            }
            if (parse.GetValue(json)) await Json.WriteLineAsync(io.Out, report, ct);
            else await WriteAsync(io.Out, report);
            return report.Ok ? ExitCodes.Ok : ExitCodes.IntegrityFailure;
        }));
        return command;
    }

    /// <remarks>
    /// A finding quotes what it found — a stream's name, an envelope that does not read — and a tampered ledger's are the
    /// tamperer's text: each line is shown printable and bounded, never obeyed by the auditor's terminal.
    /// </remarks>
    private static async Task WriteAsync(TextWriter o, VerifyReport r)
    {
        var counts = $"{r.Streams} stream(s), {r.Events} event(s), head position {r.HeadPosition ?? "none (empty)"}";
        if (r.Findings.Count == 0)
        {
            await o.WriteLineAsync($"OK: every hash and chain link of {r.Scope} verifies, and the ledger's rules accept every event where it stands: {counts}.");
            if (r.Events == 0 && PartyCase.Note(r.Scope) is { } note) await o.WriteLineAsync(note);
        }
        else
        {
            await o.WriteLineAsync($"TAMPERED: {r.Findings.Count} finding(s) in {r.Scope} ({counts}):");
            foreach (var f in r.Findings) await o.WriteLineAsync($"  {Printable.Text(EchoedText.Bounded(f.ToString()))}");
        }
        if (r.EndLine == false) await o.WriteLineAsync($"Warning: {ExportEnd.Absent}.");
        if (r.Digest is { } d)
            await o.WriteLineAsync($"{(d.Matches ? "DIGEST OK" : "DIGEST MISMATCH")}: {Printable.Text(EchoedText.Bounded(d.Detail))}.");
    }
}
