namespace RelationsLedger.Cli.Tests;

/// <summary>
/// A hostile round on the user's machine (round 65): the ledger is built with invariant globalization, yet
/// <c>DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=0</c> (or <c>false</c>) in the environment turns it off — the variable wins over the
/// build's setting — and the process then takes its culture from <c>LANG</c>/<c>LC_ALL</c> through ICU. Docker files set it so
/// after installing ICU for other programs. Run as real processes under a culture of another calendar (th_TH: Buddhist years;
/// fa_IR, ar_SA), of other separators (de_DE, fr_FR) and of the dotted and dotless i (tr_TR), every answer, refusal, help and
/// export must be what the same command gives under C.UTF-8 with globalization invariant, byte for byte. Before round 65 a
/// refusal's hint named the first day of a month in the culture's calendar (<c>2568-05-01</c> under th_TH, of 2025-05), a
/// batch's limit was written <c>1.048.576</c> (de_DE) and the help was half German, half English (<c>Nutzung:</c>).
/// </summary>
public sealed class EnvironmentCultureTests(EnvironmentCultureTests.Ledger ledger) : IClassFixture<EnvironmentCultureTests.Ledger>
{
    private static bool HasIcu => Directory.Exists("/usr/lib/x86_64-linux-gnu")
        && Directory.EnumerateFiles("/usr/lib/x86_64-linux-gnu", "libicuuc.so*").Any();

    private static string[] Designation(string command, string on) => ["record", command, "--actor", "RU", "--counterpart", "taliban",
        "--list", "L", "--authority", "A", "--on", on, "--source", "publisher=Reuters;title=Court ruling"];

    [SkippableTheory]
    [InlineData("th_TH.UTF-8")]
    [InlineData("fa_IR.UTF-8")]
    [InlineData("ar_SA.UTF-8")]
    [InlineData("de_DE.UTF-8")]
    [InlineData("fr_FR.UTF-8")]
    [InlineData("tr_TR.UTF-8")]
    public async Task A_culture_turned_on_by_the_environment_changes_no_output_of_the_ledger(string locale)
    {
        Skip.IfNot(HasIcu, "ICU is not installed (libicuuc): the runtime cannot take a culture from the environment here.");
        var invariant = await ledger.InvariantOutputs.Value;
        var cultured = await ledger.OutputsAsync(locale, globalized: true);

        Assert.Contains("(2025-05-01)", invariant[0], StringComparison.Ordinal);
        Assert.Contains("larger than 1,048,576 bytes", invariant[2], StringComparison.Ordinal);
        for (var i = 0; i < invariant.Count; i++) Assert.Equal(invariant[i], cultured[i]);
    }

    /// <summary>
    /// One ledger for every culture, and its outputs under C.UTF-8 with globalization invariant taken once: every command run on it
    /// is a question or is refused, so none changes what the next one sees (before, each culture made its own ledger and ran the
    /// invariant commands again: 45 more processes, the Cli suite's longest test after PlainTableTests).
    /// </summary>
    public sealed class Ledger : IAsyncLifetime
    {
        private readonly TempFolder _folder = new();
        private string Store => _folder.File("ledger.db");

        public Lazy<Task<List<string>>> InvariantOutputs { get; }

        public Ledger() => InvariantOutputs = new(() => OutputsAsync("C.UTF-8", globalized: false));

        public async Task InitializeAsync()
        {
            if (!HasIcu) return;
            var recorded = await LedgerCli.RunAsync(["--store", Store, .. Designation("impose-designation", "2025-05-10")]);
            Assert.True(recorded.ExitCode == 0, recorded.Error);
            // A batch one byte over the limit: refused naming both sizes.
            await File.WriteAllTextAsync(_folder.File("big.json"), "[" + new string(' ', (1 << 20) - 1) + "]");
        }

        public Task DisposeAsync()
        {
            _folder.Dispose();
            return Task.CompletedTask;
        }

        /// <summary>The ledger as a process under <paramref name="locale"/>, with the runtime's culture on when <paramref name="globalized"/>.</summary>
        private Task<CliResult> LedgerUnder(string locale, bool globalized, params string[] args) =>
            LedgerCli.RunProcessAsync(_folder.Path, new Dictionary<string, string?>
            {
                ["LANG"] = locale, ["LC_ALL"] = locale,
                ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = globalized ? "0" : null,
            }, ["--store", Store, .. args]);

        /// <summary>What each machine-read or user-read output of the ledger is, one text per command: its exit code, output and error.</summary>
        public async Task<List<string>> OutputsAsync(string locale, bool globalized)
        {
            string[][] commands =
            [
                // refused: a month placed at its first day, before the listing of the 10th (the hint names that first day)
                [.. Designation("remove-designation", "2025-05"), "--json"],
                [.. Designation("remove-designation", "2025-05")],
                ["record-batch", _folder.File("big.json"), "--json"],
                ["record", "make-statement", "--help"],
                ["state", "RU", "taliban", "--as-of", "2025-06-01", "--json"],
                ["state", "RU", "taliban", "--as-of", "2025-06-01"],
                ["history", "RU", "taliban", "--json"],
                ["panel", "--from", "2025", "--to", "2026", "--every", "month"],
                ["export"],
            ];
            var outputs = new List<string>();
            foreach (var command in commands)
            {
                var run = await LedgerUnder(locale, globalized, command);
                outputs.Add($"ledger {string.Join(' ', command)}\nexit code {run.ExitCode}\n{run.Out}\n{run.Error}");
            }
            return outputs;
        }
    }
}
