using System.CommandLine;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Import.UsMissions;
using RelationsLedger.Cli.Hosting;
using RelationsLedger.Cli.Output;
using Spectre.Console;

namespace RelationsLedger.Cli.Commands;

/// <summary>
/// <c>ledger import-us-missions [--file transitions.csv]</c>: the US Diplomatic Mission Status Data
/// (Brenton Kenkel, v0.1, CC-BY 4.0) as mission events of the United States, through the command pipeline.
/// </summary>
public static class ImportUsMissionsCommand
{
    /// <summary>The word that names the command on a line.</summary>
    public const string Name = "import-us-missions";

    public static Command Build(CliOutput io)
    {
        var file = new Option<string?>("--file")
        {
            Description = "The dataset's transitions.csv (default: shared/data/us-missions/transitions.csv in this folder or a parent).",
        };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON (no progress bar)." };
        var command = new Command(Name,
            "Import US diplomatic mission status 1776–2024 (Brenton Kenkel, US Diplomatic Mission Status Data v0.1, CC-BY 4.0; Office of the Historian) as mission events of US. Importing again records nothing twice.")
            { file, json };
        command.SetAction((parse, ct) => Errors.Guard(io, async () =>
        {
            var path = parse.GetValue(file) ?? FindDefault()
                ?? throw new CliInputException("--file: no shared/data/us-missions/transitions.csv in this folder or its parents; pass --file <path>.", "file");
            var name = $"--file '{path}'";
            byte[] bytes;
            await using (var input = await InputFile.OpenAsync(path, name, "the dataset's transitions.csv", "file", ct))
                bytes = await InputFile.ReadAllAsync(input, UsMissionsImport.MaxFileBytes,
                    $"{name}: larger than {UsMissionsImport.MaxFileBytes:N0} bytes, which no version of the dataset is (transitions.csv v0.1 has 40 KB): is it the dataset?", "file", ct);
            var source = Path.GetFileName(path);
            var result = await FileProblemsAsInput(async () =>
            {
                var rows = UsMissionsImport.Read(bytes, source);
                await using var services = await Services.ForStoreAsync(parse, io, ct);
                using var scope = services.CreateScope();
                var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
                var validators = scope.ServiceProvider.GetRequiredService<CommandValidators>();
                if (parse.GetValue(json)) return await UsMissionsImport.RunAsync(mediator, validators, rows, source, null, ct);
                UsMissionsImportResult result = null!;
                await io.Console.Progress().StartAsync(async ctx =>
                {
                    var task = ctx.AddTask($"Importing {rows.Count} rows of {source}");
                    result = await UsMissionsImport.RunAsync(mediator, validators, rows, source, (done, total) => task.Value = 100.0 * done / total, ct);
                });
                return result;
            });
            if (parse.GetValue(json)) await Json.WriteLineAsync(io.Out, result);
            else
            {
                io.Console.WriteLine($"{result.Rows} rows: {result.Recorded} recorded, {result.AlreadyRecorded} already recorded, {result.Skipped.Count} skipped (no change), {result.Refused.Count} refused.");
                foreach (var line in result.Skipped.Concat(result.Refused)) io.Console.WriteLine($"  {line}");
                io.Console.WriteLine(result.Dataset == DatasetVersion.Version01.Name
                    ? "Data: Brenton Kenkel, US Diplomatic Mission Status Data v0.1 (CC-BY 4.0), from the Office of the Historian's records. Try: ledger missions-of US --at-least embassy --as-of 1950-01-01"
                    : $"Data: {result.Dataset}, so its events name the file by that digest, not by version 0.1's commit (docs/us-missions.md).");
            }
            return result.Refused.Count == 0 ? ExitCodes.Ok : ExitCodes.Refused;
        }, writes: true));
        return command;
    }

    /// <summary>
    /// A file's problems — rows that cannot be read, or commands the pipeline would refuse as input — each under the option's
    /// request field (shown as --file), every one in one run as `ledger import` does, and nothing recorded.
    /// </summary>
    private static async Task<UsMissionsImportResult> FileProblemsAsInput(Func<Task<UsMissionsImportResult>> import)
    {
        try
        {
            return await import();
        }
        catch (UsMissionsFileException e)
        {
            throw new FluentValidation.ValidationException(e.Problems.Select(p => new FluentValidation.Results.ValidationFailure("file", p)));
        }
    }

    private static string? FindDefault()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data", "us-missions", "transitions.csv");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
