using System.CommandLine;
using System.Globalization;
using RelationsLedger.Application.Storage;
using RelationsLedger.Cli.Hosting;
using RelationsLedger.Cli.Output;
using RelationsLedger.Store.Sqlite;

namespace RelationsLedger.Cli.Commands;

/// <summary><c>ledger store upgrade</c>: the embedded store's file itself (docs/events.md, "A store made or written by another version").</summary>
public static class StoreCommand
{
    /// <summary>The word that names the command on a line.</summary>
    public const string Name = "store";

    public static Command Build(CliOutput io)
    {
        var store = new Command(Name, "The embedded store's file: upgrade it to the compact layout (file version 4).");
        store.Add(Upgrade(io));
        return store;
    }

    private static Command Upgrade(CliOutput io)
    {
        var json = new Option<bool>("--json") { Description = "Print the result as JSON (no progress lines)." };
        var command = new Command("upgrade",
            "Rewrite a store file of version 1, 2 or 3 in the compact layout (version 4, about half the size of version 1): the same events, " +
            "byte for byte as every reader sees them. Written to a new file beside the store and renamed over it when complete: " +
            "stopped or killed before that, the store is as it was. Builds before version 4 cannot read the upgraded file. " +
            "Refused while another process has the store open, and for a read-only file.") { json };
        command.SetAction((parse, ct) => Errors.Guard(io, async () =>
        {
            var path = StoreOption.Location(parse).File
                ?? throw new StoreUnavailableException("'ledger store upgrade' rewrites the embedded store's SQLite file; a KurrentDB store has no such file. Name the file with --store.");
            var progress = parse.GetValue(json) ? null : new ProgressLines(io.Error);
            var result = await StoreUpgrade.RunAsync(path, progress, ct);
            if (parse.GetValue(json)) await Json.WriteLineAsync(io.Out, result);
            else io.Out.WriteLine(result.FromVersion == result.ToVersion
                ? string.Create(CultureInfo.InvariantCulture, $"{result.Store} is already version {result.ToVersion} (the compact layout, zstd): nothing to do.")
                : string.Create(CultureInfo.InvariantCulture,
                    $"Upgraded {result.Store} from version {result.FromVersion} to {result.ToVersion}: {result.Events:N0} events, {result.BytesBefore:N0} → {result.BytesAfter:N0} bytes. Builds before version {result.ToVersion} no longer read it."));
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>
    /// The copy's progress on stderr, written as it is reported (in order, before the result): the first report, then at most a
    /// line a second, and the last — a million events make a hundred reports.
    /// </summary>
    private sealed class ProgressLines(TextWriter error) : IProgress<(long Done, long Total)>
    {
        private DateTime? _shown;

        public void Report((long Done, long Total) value)
        {
            if (_shown is { } shown && value.Done < value.Total && (DateTime.UtcNow - shown).TotalSeconds < 1) return;
            _shown = DateTime.UtcNow;
            error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Copied {value.Done:N0} of {value.Total:N0} events…"));
        }
    }
}
