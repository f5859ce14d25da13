namespace RelationsLedger.Cli.Tests;

/// <summary>
/// <c>ledger serve</c> reads its API keys and limits from appsettings.json in the folder it runs in: a file that is not
/// JSON, or gives a key twice, is the user's input — exit code 2, the file, line and why — not "a bug".
/// </summary>
public sealed class SettingsFileTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private async Task<CliResult> ServeWith(string settings, IReadOnlyDictionary<string, string?>? environment = null)
    {
        if (settings.Length > 0) await File.WriteAllTextAsync(_folder.File("appsettings.json"), settings);
        var store = _folder.File("ledger.db");
        Assert.Equal(0, (await LedgerCli.RunAsync("--store", store, "record", "make-statement", "--actor", "FR", "--counterpart", "DE", "--speaker", "A",
            "--stance", "ally", "--summary", "S", "--on", "2020", "--source", "publisher=AFP;title=T")).ExitCode);
        return await LedgerCli.RunProcessAsync(_folder.Path, environment ?? new Dictionary<string, string?>(), "--store", store, "serve", "--urls", "http://127.0.0.1:0");
    }

    [Theory]
    [InlineData("{\"Api\": {\"Keys\": [\n  {\"Name\": \"x\",\n", "line 3, byte 1: ")]        // cut short
    [InlineData("{\"Api\": {\"Keys\": [\n  {\"Name\": \"x\" \"Hash\": \"y\"}]}}", "line 2, byte 16: ")] // a comma missing
    [InlineData("{\"Api\": {\"Keys\": [{\"Name\": \"x\", \"Name\": \"y\"}]}}", "A duplicate key 'Api:Keys:0:Name' was found.")] // a key twice
    public async Task A_settings_file_that_cannot_be_read_is_named_with_where_and_why(string settings, string where)
    {
        // Before: exit 1, "unexpected error: InvalidDataException: Failed to load configuration from file '…'. This is a bug".
        var run = await ServeWith(settings);
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Error}");
        Assert.Contains($"{_folder.File("appsettings.json")} cannot be read: {where}", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("bug", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"Api\": {\"MaxPageSize\": \"lots\"}}", "Api:MaxPageSize: 'lots' is not a whole number")]
    [InlineData("{\"Api\": {\"HeartbeatSeconds\": \"soon\"}}", "Api:HeartbeatSeconds: 'soon' is not a number")]
    public async Task A_setting_that_is_not_a_number_is_named_with_its_key(string settings, string problem)
    {
        // Before: exit 1, "unexpected error: InvalidOperationException: Failed to convert configuration value 'lots' at
        // 'Api:MaxPageSize' to type 'System.Int32'. This is a bug" — while a number out of range was named as a mistake.
        var run = await ServeWith(settings);
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Error}");
        Assert.Contains($"The API configuration is invalid:{Environment.NewLine}  {problem}", run.Error.Replace("\n", Environment.NewLine), StringComparison.Ordinal);
        Assert.DoesNotContain("bug", run.Error, StringComparison.Ordinal);
    }

    /// <summary>
    /// Every mistake at once, as docs/api.md promises: before round 62 a setting that is not a number hid the others' ranges
    /// (the defaults were checked instead of what was given), and <c>HeartbeatSeconds</c> 0 was refused saying it "must be
    /// between 0 and 3600".
    /// </summary>
    [Fact]
    public async Task Every_mistake_is_named_at_once_and_each_range_in_words_that_hold()
    {
        var run = await ServeWith("""{"Api": {"MaxPageSize": "lots", "MaxStreams": -5, "HeartbeatSeconds": 0, "StalledAnswerSeconds": "x"}}""");
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Error}");
        foreach (var problem in (string[])["Api:MaxPageSize: 'lots' is not a whole number.", "Api:StalledAnswerSeconds: 'x' is not a whole number.",
                     "Api:MaxStreams must be positive (it is -5).", "Api:HeartbeatSeconds must be above 0 and at most 3600 (it is 0)."])
            Assert.Contains("  " + problem, run.Error, StringComparison.Ordinal);
    }

    private const string AKeysHash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    [Fact]
    public async Task A_setting_that_is_none_of_the_ledgers_is_named_with_where_it_was_given_and_the_setting_it_is_close_to()
    {
        // Before: the binder ignored both and the server started (Api:MaxStreamsPerKey at its default, the key without its role).
        var run = await ServeWith($$$"""{"Api": {"MaxStreamPerKey": 3, "Keys": [{"Name": "a", "Hash": "{{{AKeysHash}}}", "Rol": "reader", "Role": "reader"}]}}""");
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Error}");
        var file = _folder.File("appsettings.json");
        Assert.Contains($"  Api:MaxStreamPerKey (in {file}) is not a setting of the ledger; did you mean Api:MaxStreamsPerKey?", run.Error, StringComparison.Ordinal);
        Assert.Contains($"  Api:Keys:0:Rol (in {file}) is not a setting of the ledger; did you mean Api:Keys:0:Role?", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_folder.File("ledger.projections.db")), "a refused start made a read model");
    }

    [Fact]
    public async Task A_setting_that_is_none_of_the_ledgers_given_by_an_environment_variable_is_named_by_the_variable()
    {
        var run = await ServeWith("", new Dictionary<string, string?> { ["Api__Heartbeat"] = "5" });
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Error}");
        Assert.Contains("  Api:Heartbeat (in the environment variable Api__Heartbeat) is not a setting of the ledger; did you mean Api:HeartbeatSeconds?", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_setting_written_in_another_case_is_the_setting()
    {
        // .NET's configuration ignores case: "maxstreamsperkey" is Api:MaxStreamsPerKey, named by its own spelling, not unknown.
        var run = await ServeWith("""{"api": {"maxstreamsperkey": 0}}""");
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Error}");
        Assert.Contains("  Api:MaxStreamsPerKey must be positive (it is 0).", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("is not a setting", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_settings_file_that_is_a_folder_is_named_as_such()
    {
        // Before: taken for a missing file, and the server started without keys or limits.
        Directory.CreateDirectory(_folder.File("appsettings.json"));
        var run = await ServeWith("");
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Error}");
        Assert.Contains($"  {_folder.File("appsettings.json")} is a folder, not a settings file", run.Error, StringComparison.Ordinal);
    }
}
