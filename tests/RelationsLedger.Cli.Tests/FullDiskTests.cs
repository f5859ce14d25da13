using System.Text.Json;
using System.Text.Json.Nodes;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// The disk under the store or the read model fills up (a real tmpfs of a few hundred KB, <see cref="SmallDisk"/>):
/// every command says which file, that the disk is full and that nothing was recorded or lost — never "a bug" — and
/// everything works again, with the same answers, once space is given back. The ledger runs as a real process, as
/// a user runs it, with <c>RELATIONSLEDGER_READ_MODEL</c> naming a read model on the small disk.
/// </summary>
public sealed class FullDiskTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private string Store => _folder.File("ledger.db");

    public void Dispose() => _folder.Dispose();

    private Task<CliResult> Ledger(string readModel, params string[] args) =>
        LedgerCli.RunProcessAsync(_folder.Path, new Dictionary<string, string?> { ["RELATIONSLEDGER_READ_MODEL"] = readModel }, ["--store", Store, .. args]);

    private static void AssertNoBug(CliResult run)
    {
        Assert.DoesNotContain("This is a bug", run.Error + run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error + run.Out, StringComparison.Ordinal);
    }

    /// <summary>Records <paramref name="count"/> engagements of FR and DE in one batch.</summary>
    private async Task RecordEngagementsAsync(int count, int from = 0)
    {
        var file = await EngagementBatch.WriteAsync(_folder, count, from);
        var run = await Ledger(_folder.File("unused.projections.db"), "record-batch", file);
        Assert.True(run.ExitCode == 0, run.Error);
    }

    private async Task<JsonNode> StateAsync(string readModel)
    {
        var run = await Ledger(readModel, "state", "FR", "DE", "--as-of", "2030-01-01", "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        return JsonNode.Parse(run.Out)!;
    }

    [SkippableFact]
    public async Task A_read_model_whose_disk_fills_up_answers_from_what_it_holds_and_says_why_it_is_behind()
    {
        SmallDisk.Require();
        using var disk = new SmallDisk(1024);
        var readModel = disk.File("ledger.projections.db");
        await RecordEngagementsAsync(1);
        Assert.Equal(0, (await StateAsync(readModel))["readModel"]!["behind"]!.GetValue<long>());

        await RecordEngagementsAsync(600, from: 1);
        disk.Fill(leave: 48 * 1024); // room to open the read model, not to apply 600 events

        var run = await Ledger(readModel, "state", "FR", "DE", "--as-of", "2030-01-01", "--json");
        AssertNoBug(run);
        Assert.True(run.ExitCode == 0, run.Error);
        var behind = JsonNode.Parse(run.Out)!["readModel"]!;
        Assert.True(behind["behind"]!.GetValue<long>() > 0, behind.ToJsonString());
        var failure = behind["failure"]!.GetValue<string>();
        Assert.Contains(readModel, failure, StringComparison.Ordinal);
        Assert.Contains("the disk is full", failure, StringComparison.Ordinal);
        var table = await Ledger(readModel, "state", "FR", "DE", "--as-of", "2030-01-01");
        Assert.Contains("Warning: the read model is", table.Out, StringComparison.Ordinal);

        disk.Release();
        var after = await StateAsync(readModel);
        Assert.Equal(0, after["readModel"]!["behind"]!.GetValue<long>());
        Assert.Null(after["readModel"]!["failure"]);
        var status = await Ledger(readModel, "projections", "status", "--json");
        Assert.Null(JsonNode.Parse(status.Out)![0]!["failure"]); // the full disk was not stored as an event's fault
        // The same answer as a read model made from scratch on a disk with room.
        var fresh = await StateAsync(_folder.File("fresh.projections.db"));
        Assert.Equal(fresh["engagements"]!.ToJsonString(), after["engagements"]!.ToJsonString());
    }

    [SkippableFact]
    public async Task A_read_model_that_cannot_be_opened_on_a_full_disk_fails_the_question_with_the_reason_and_the_log_is_untouched()
    {
        SmallDisk.Require();
        using var disk = new SmallDisk(512);
        var readModel = disk.File("ledger.projections.db");
        await RecordEngagementsAsync(2);
        disk.Fill();

        foreach (var question in new[] { new[] { "state", "FR", "DE" }, ["projections", "status"], ["designations-by", "FR"] })
        {
            var run = await Ledger(readModel, question);
            AssertNoBug(run);
            Assert.Equal(7, run.ExitCode);
            Assert.Contains($"The read model {readModel} cannot be opened or written: ", run.Error, StringComparison.Ordinal);
            Assert.Contains("the disk is full (", run.Error, StringComparison.Ordinal);
            Assert.Contains("The log is not affected", run.Error, StringComparison.Ordinal);
        }
        var verify = await Ledger(readModel, "verify", "--json");
        Assert.True(verify.ExitCode == 0, verify.Error); // the log needs no read model

        disk.Release();
        Assert.Equal(2, (await StateAsync(readModel))["engagements"]!.AsArray().Count);
    }

    [SkippableFact]
    public async Task A_rebuild_on_a_full_disk_leaves_no_partial_file_and_the_read_model_as_it_was()
    {
        SmallDisk.Require();
        using var disk = new SmallDisk(1024);
        var readModel = disk.File("ledger.projections.db");
        await RecordEngagementsAsync(300);
        var before = await StateAsync(readModel);
        disk.Fill(leave: 48 * 1024);

        var run = await Ledger(readModel, "projections", "rebuild");
        AssertNoBug(run);
        Assert.Equal(7, run.ExitCode);
        Assert.Contains("the disk is full", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Directory.EnumerateFiles(disk.Path), f => f.Contains(".rebuild", StringComparison.Ordinal));

        disk.Release();
        Assert.Equal(before.ToJsonString(), (await StateAsync(readModel)).ToJsonString());
    }

    [SkippableFact]
    public async Task An_import_of_the_US_missions_that_fills_the_disk_says_how_many_events_it_recorded_and_finishes_when_run_again()
    {
        SmallDisk.Require();
        using var disk = new SmallDisk(16 * 1024); // the rest of the import needs room for its write-ahead log too (up to 4 MB)
        var store = disk.File("ledger.db");
        var dataset = Path.Combine(SharedData.Folder("us-missions"), "transitions.csv");
        disk.Fill(leave: 300 * 1024); // room for some of the 590 events, not all

        var run = await LedgerCli.RunProcessAsync(_folder.Path, "--store", store, "import-us-missions", "--file", dataset, "--json");
        AssertNoBug(run);
        Assert.Equal(4, run.ExitCode);
        var said = System.Text.RegularExpressions.Regex.Match(run.Error, @"after recording (\d+) of (\d+) events: Cannot write to the store .*: the disk is full");
        Assert.True(said.Success, run.Error); // before: "Cannot write to the store …: … Nothing was recorded." with hundreds recorded
        disk.Release();
        var verify = await LedgerCli.RunProcessAsync(_folder.Path, "--store", store, "verify", "--json");
        Assert.Equal(long.Parse(said.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), JsonNode.Parse(verify.Out)!["events"]!.GetValue<long>());

        var again = await LedgerCli.RunProcessAsync(_folder.Path, "--store", store, "import-us-missions", "--file", dataset, "--json");
        Assert.True(again.ExitCode == 0, again.Error);
        var result = JsonNode.Parse(again.Out)!;
        Assert.Equal(said.Groups[1].Value, result["alreadyRecorded"]!.ToJsonString());
        Assert.Equal(said.Groups[2].Value, (result["recorded"]!.GetValue<int>() + result["alreadyRecorded"]!.GetValue<int>()).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [SkippableFact]
    public async Task Output_redirected_to_a_full_disk_is_named_as_such_with_its_own_exit_code()
    {
        SmallDisk.Require();
        await RecordEngagementsAsync(300);
        using var disk = new SmallDisk(64);
        foreach (var command in new[] { "export", "history FR DE --json" })
        {
            // The shell puts standard output on the full disk, as a user's redirect does.
            var start = new System.Diagnostics.ProcessStartInfo("/bin/sh") { RedirectStandardError = true, WorkingDirectory = _folder.Path };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add($"exec dotnet \"$0\" --store \"$1\" {command} > \"$2\"");
            foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "ledger.dll"), Store, disk.File("out") }) start.ArgumentList.Add(a);
            using var process = System.Diagnostics.Process.Start(start)!;
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();

            Assert.True(process.ExitCode == 9, $"{command}: exit {process.ExitCode}: {error}"); // before: 1, "unexpected error: IOException … This is a bug"
            Assert.Contains("Cannot write the output: No space left on device. What was written there is incomplete. The ledger was not changed.", error, StringComparison.Ordinal);
            Assert.DoesNotContain("bug", error, StringComparison.Ordinal);
        }
    }

    [SkippableFact]
    public async Task A_store_on_a_full_disk_refuses_the_command_naming_the_full_disk_and_records_nothing()
    {
        SmallDisk.Require();
        using var disk = new SmallDisk(512);
        var store = disk.File("ledger.db");
        Task<CliResult> Record(string title) => LedgerCli.RunProcessAsync(_folder.Path, [
            "--store", store, "record", "hold-engagement", "--party-a", "FR", "--party-b", "DE", "--kind", "talks", "--title", title,
            "--on", "2020-05", "--source", "publisher=AFP;title=Talks"]);
        Assert.Equal(0, (await Record("first")).ExitCode);
        disk.Fill();

        var run = await Record("second");
        AssertNoBug(run);
        Assert.Equal(4, run.ExitCode);
        Assert.Contains(store, run.Error, StringComparison.Ordinal);
        Assert.Contains("the disk is full (", run.Error, StringComparison.Ordinal);

        disk.Release();
        var verify = await LedgerCli.RunProcessAsync(_folder.Path, "--store", store, "verify", "--json");
        Assert.True(verify.ExitCode == 0, verify.Error);
        Assert.Equal(1, JsonNode.Parse(verify.Out)!["events"]!.GetValue<long>());
    }
}
