namespace RelationsLedger.Cli.Tests;

/// <summary>
/// One form of UUID on every entry point (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx). Found by a hostile test: record-batch
/// refused <c>"commandId": "{6f1c…}"</c> as "not valid Unicode" while <c>record --command-id {6f1c…}</c> recorded it.
/// Both now refuse it the same way, naming the field and the form, and record nothing.
/// </summary>
public sealed class UuidFormTests : IDisposable
{
    private const string Id = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";
    private const string Form = "a UUID in the form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
    private static readonly string[] Braced = ["{" + Id + "}", Id.Replace("-", ""), "(" + Id + ")"];
    private readonly TempFolder _folder = new();
    private string Store => _folder.File("ledger.db");

    private Task<CliResult> Ledger(params string[] args) => LedgerCli.RunAsync(["--store", Store, .. args]);

    private static string[] Record(params string[] more) =>
        ["record", "impose-designation", "--actor", "US", "--counterpart", "CU", "--list", "L", "--authority", "A", "--on", "1982-03-01",
         "--source", "publisher=P;title=T", .. more];

    [Fact]
    public async Task Record_batch_names_the_field_and_the_form_and_records_nothing()
    {
        foreach (var form in Braced)
            foreach (var field in new[] { "commandId", "correlationId", "causationId" })
            {
                var path = _folder.File("batch.ndjson");
                await File.WriteAllTextAsync(path,
                    $$"""{"command": "impose-designation", "{{field}}": "{{form}}", "actor": "US", "counterpart": "CU", "list": "L", "authority": "A", "effectiveDate": "1982-03-01", "recordedBy": "me", "sources": [{"publisher": "P", "title": "T"}]}""" + "\n");
                var run = await Ledger("record-batch", path);
                Assert.Equal(2, run.ExitCode);
                Assert.Contains($"line 1.{field}: '{field}' must be {Form}; '{form}' is not.", run.Error, StringComparison.Ordinal);
                Assert.DoesNotContain("Unicode", run.Error, StringComparison.Ordinal);
                Assert.False(File.Exists(Store), "a refused batch must record nothing");
            }
    }

    [Fact]
    public async Task Record_refuses_the_forms_record_batch_refuses_and_records_nothing()
    {
        foreach (var form in Braced)
            foreach (var option in new[] { "--command-id", "--correlation-id", "--causation-id" })
            {
                var run = await Ledger(Record(option, form));
                Assert.Equal(2, run.ExitCode);
                Assert.Contains($"{option}: '{form}' is not {Form}.", run.Error, StringComparison.Ordinal);
                Assert.False(File.Exists(Store), "a refused command must record nothing");
            }
        var history = await Ledger("history", "--correlation-id", "{" + Id + "}");
        Assert.Equal(2, history.ExitCode);
        Assert.Contains($"--correlation-id: '{{{Id}}}' is not {Form}.", history.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_form_is_accepted_alike_by_both_in_either_case()
    {
        var recorded = await Ledger(Record("--command-id", Id.ToUpperInvariant()));
        Assert.True(recorded.ExitCode == 0, recorded.Error);
        Assert.Contains(Id, recorded.Out, StringComparison.Ordinal);
        var path = _folder.File("again.ndjson");
        await File.WriteAllTextAsync(path,
            $$"""{"command": "impose-designation", "commandId": "{{Id}}", "actor": "US", "counterpart": "CU", "list": "L", "authority": "A", "effectiveDate": "1982-03-01", "recordedBy": "{{Environment.UserName}}", "sources": [{"publisher": "P", "title": "T"}]}""" + "\n");
        var again = await Ledger("record-batch", path);
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Contains("already recorded", again.Out, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
