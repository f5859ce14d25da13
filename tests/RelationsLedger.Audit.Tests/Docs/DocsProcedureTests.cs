using System.Diagnostics;
using System.Text.RegularExpressions;
using RelationsLedger.Application.Commands.Cooperation;

namespace RelationsLedger.Audit.Tests.Docs;

/// <summary>
/// The auditor's procedure of docs/audit.md ("Against someone with the source, the docs and the store file"), run as written:
/// each line of its two bash blocks in bash, with <c>ledger</c> the built CLI, on a real store left alone and on stores an
/// attacker with the spec rewrote consistently (every one of them verifies on its own).
/// </summary>
public sealed partial class DocsProcedureTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Db => _folder.File("ledger.db");

    /// <summary>The section's ```bash blocks: what the auditor keeps, then how the store is checked against it.</summary>
    private static (string[] Keep, string[] Check) Blocks()
    {
        var doc = File.ReadAllText(Path.Combine(RepoRoot(), "docs", "audit.md"));
        var section = doc[doc.IndexOf("### Against someone with the source, the docs and the store file", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n### ", 10, StringComparison.Ordinal)];
        var blocks = BashBlock().Matches(section).Select(m => m.Groups[1].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Equal(2, blocks.Count);
        return (blocks[0], blocks[1]);
    }

    [GeneratedRegex("```bash\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex BashBlock();

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "RelationsLedger.sln"))) dir = dir.Parent;
        return dir.FullName;
    }

    /// <summary>Runs one line in bash in the test's folder, <c>ledger</c> being the built CLI on this test's store.</summary>
    private async Task<CliResult> LineAsync(string line)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = _folder.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-o");
        start.ArgumentList.Add("pipefail");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"ledger() {{ dotnet \"$LEDGER_DLL\" \"$@\"; }}\n{line}");
        start.Environment["LEDGER_DLL"] = Path.Combine(AppContext.BaseDirectory, "ledger.dll");
        start.Environment["RELATIONSLEDGER_STORE"] = Db;
        start.Environment.Remove("RELATIONSLEDGER_READ_MODEL");
        using var process = Process.Start(start)!;
        var (output, error) = (process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        await process.WaitForExitAsync();
        return new(process.ExitCode, await output, await error);
    }

    private async Task<List<CliResult>> RunAsync(string[] lines)
    {
        var results = new List<CliResult>();
        foreach (var line in lines) results.Add(await LineAsync(line));
        return results;
    }

    /// <summary>The founding example, then a batch over two relationships (one recorded time; positions 16–17 US~AF, 18 DE~FR).</summary>
    private async Task RecordAsync()
    {
        await using var ledger = await TestLedger.OpenAsync(Db);
        await ledger.RecordFoundingExampleAsync();
        await ledger.Send(Digests.AttackerWithTheSpecTests.OneTimeBatch);
    }

    [Fact]
    public async Task On_a_store_left_alone_every_line_of_the_check_passes_also_after_a_later_recording()
    {
        await RecordAsync();
        var (keep, check) = Blocks();
        Assert.All(await RunAsync(keep), r => Assert.True(r.ExitCode == 0, r.Error));
        Assert.Matches("^rld2-18-[0-9]{8}T[0-9]{6}Z-[0-9a-f]{64}\n$", File.ReadAllText(_folder.File("digest.txt")));
        await using (var ledger = await TestLedger.OpenAsync(Db))
            await ledger.Send(TestLedger.Provenanced(new MakeStatement("DE", "FR", "Chancellor", "partner", "later")));

        var results = await RunAsync(check);
        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.Out + r.Error));
        Assert.Contains("DIGEST OK: nothing recorded up to position 18 (3 streams, 18 events)", results[0].Out, StringComparison.Ordinal);
        Assert.Contains("DIGEST OK", results[1].Out, StringComparison.Ordinal);
        Assert.Equal("", results[3].Out + results[3].Error);
    }

    [Theory]
    [InlineData("re-forged chain", "line 3")]
    [InlineData("tail cut with its counter", "EOF on -")]
    [InlineData("two events swapped", "line 17")]
    [InlineData("store rebuilt from an edited export", "line 1")]
    public async Task A_consistent_rewrite_verifies_alone_and_the_kept_digest_and_export_each_show_it(string attack, string cmpSays)
    {
        await RecordAsync();
        var (keep, check) = Blocks();
        Assert.All(await RunAsync(keep), r => Assert.True(r.ExitCode == 0, r.Error));
        await AttackAsync(attack);
        Assert.Equal(0, (await LedgerCli.RunAsync("--store", Db, "verify")).ExitCode);

        var results = await RunAsync(check);
        Assert.Equal([5, 0, 0, 1], results.Select(r => r.ExitCode));
        Assert.Contains("DIGEST MISMATCH: the ledger up to position 18 no longer produces this digest", results[0].Out, StringComparison.Ordinal);
        Assert.Contains("DIGEST OK", results[1].Out, StringComparison.Ordinal);
        Assert.Contains(cmpSays, results[3].Out + results[3].Error, StringComparison.Ordinal);
    }

    private async Task AttackAsync(string attack)
    {
        switch (attack)
        {
            case "re-forged chain":
                await using (var ledger = await TestLedger.OpenAsync(Db)) await Forge.RechainAsync(ledger, TestLedger.RussiaTaliban, 2, "Supreme Court", "Regional Court");
                break;
            case "tail cut with its counter":
                await using (var ledger = await TestLedger.OpenAsync(Db))
                    await ledger.SqlAsync("DELETE FROM events WHERE position = 18; UPDATE sqlite_sequence SET seq = 17 WHERE name = 'events'");
                break;
            case "two events swapped":
                await using (var ledger = await TestLedger.OpenAsync(Db))
                    await ledger.SqlAsync("UPDATE events SET position = 100 WHERE position = 17; UPDATE events SET position = 17 WHERE position = 18; UPDATE events SET position = 18 WHERE position = 100");
                break;
            default: // the attacker's own copy, re-forged, exported and imported into a new store put in the store's place
                var copy = _folder.File("copy.db");
                File.Copy(Db, copy);
                await using (var ledger = await TestLedger.OpenAsync(copy)) await Forge.RechainAsync(ledger, TestLedger.RussiaTaliban, 2, "Supreme Court", "Regional Court");
                var forged = _folder.File("forged.ndjson");
                Assert.Equal(0, (await LedgerCli.RunAsync("--store", copy, "export", "-o", forged)).ExitCode);
                var rebuilt = _folder.File("rebuilt.db");
                Assert.Equal(0, (await LedgerCli.RunAsync("--store", rebuilt, "import", forged)).ExitCode);
                File.Move(rebuilt, Db, overwrite: true);
                break;
        }
    }
}
