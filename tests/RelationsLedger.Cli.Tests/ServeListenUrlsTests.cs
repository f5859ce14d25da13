using System.Net;
using System.Net.Sockets;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// Found in round 63: <c>serve --urls</c> took URLs that Kestrel reads otherwise than they were written. A host name, a user
/// before the host and a query each made the server listen on every interface (<c>[::]</c>; the query on port 80 too) where
/// the user had named one machine or address, and a path ended as "unexpected error … This is a bug". An https URL without a
/// certificate, or with one that cannot be read, ended as "a bug" too. Each is now refused or said plainly, and nothing listens.
/// </summary>
public sealed class ServeListenUrlsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    [Theory]
    [InlineData("http://ledger.invalid:{0}", "names the host 'ledger.invalid', which Kestrel would take to mean every interface of the machine")]
    [InlineData("http://user:secret@127.0.0.1:{0}", "has a user before its host: a server listens at an address and a port only.")]
    [InlineData("http://127.0.0.1:{0}?x=1", "has a query: a server listens at an address and a port only.")]
    [InlineData("http://127.0.0.1:{0}/#top", "has a fragment: a server listens at an address and a port only.")]
    [InlineData("http://127.0.0.1:{0}/ledger", "has a path ('/ledger'): the API's endpoints are at the root of its address")]
    [InlineData("http://127.0.0.1:{0};http://ledger.invalid:{0}", "'http://ledger.invalid:")]
    public async Task A_url_kestrel_would_read_otherwise_is_refused_and_nothing_listens(string template, string expected)
    {
        var urls = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, FreePort());
        var (output, error) = (new StringWriter(), new StringWriter());
        // On the old code the server listened (on every interface) until stopped: the time bound ends it, and the exit code fails the test.
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var code = await Cli.LedgerApp.RunPlainAsync(["--store", _folder.File("ledger.db"), "serve", "--urls", urls], output, error, bound.Token);

        Assert.Equal(2, code);
        Assert.Contains($"--urls: '", error.ToString(), StringComparison.Ordinal);
        Assert.Contains(expected, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", output.ToString() + error, StringComparison.Ordinal);
        Assert.False(File.Exists(_folder.File("ledger.db")), "a refused line makes no store");
    }

    [Theory]
    [InlineData("http://127.0.0.1:{0}/", "http://127.0.0.1:{0}")]     // the root's slash is the root
    [InlineData("http://[0:0:0:0:0:0:0:1]:{0}", "http://[::1]:{0}")]  // an address in another form is the same address
    [InlineData("http://LOCALHOST:{0}", "http://localhost:{0}")]
    public async Task A_url_of_an_address_and_a_port_is_listened_on_as_written(string template, string listening)
    {
        var port = FreePort();
        var store = _folder.File("ledger.db");
        Assert.Equal(0, (await LedgerCli.RunAsync("--store", store, "demo")).ExitCode);
        await using var server = await ServeProcess.StartAsync(_folder.Path, store, string.Format(System.Globalization.CultureInfo.InvariantCulture, template, port));

        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, listening, port), server.Client.BaseAddress!.ToString().TrimEnd('/'));
        Assert.Equal(System.Net.HttpStatusCode.OK, (await server.Client.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task Https_without_a_certificate_is_said_in_one_line_with_exit_code_6()
    {
        var store = _folder.File("ledger.db");
        Assert.Equal(0, (await LedgerCli.RunAsync("--store", store, "demo")).ExitCode);
        var url = $"https://127.0.0.1:{FreePort()}";

        var run = await LedgerCli.RunProcessAsync(_folder.Path, "--store", store, "serve", "--urls", url);

        Assert.Equal(6, run.ExitCode);
        Assert.Contains($"Cannot listen on {url}: no certificate is configured for https: give Kestrel one in appsettings.json", run.Error, StringComparison.Ordinal);
        AssertSaidPlainly(run);
    }

    [Fact]
    public async Task Https_with_a_certificate_that_cannot_be_read_is_said_in_one_line_with_exit_code_6()
    {
        var store = _folder.File("ledger.db");
        Assert.Equal(0, (await LedgerCli.RunAsync("--store", store, "demo")).ExitCode);
        await File.WriteAllTextAsync(_folder.File("bad.pem"), "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
        await File.WriteAllTextAsync(_folder.File("appsettings.json"),
            """{"Kestrel": {"Certificates": {"Default": {"Path": "bad.pem", "KeyPath": "bad.pem"}}}}""");
        var url = $"https://127.0.0.1:{FreePort()}";

        var run = await LedgerCli.RunProcessAsync(_folder.Path, "--store", store, "serve", "--urls", url);

        Assert.Equal(6, run.ExitCode);
        Assert.Contains($"Cannot listen on {url}: the certificate for https cannot be read (", run.Error, StringComparison.Ordinal);
        AssertSaidPlainly(run);
    }

    /// <summary>
    /// Found in round 64: Kestrel's own <c>Kestrel:Endpoints</c> (appsettings.json, or the environment) overrode <c>--urls</c>
    /// with a warning in the log only — the server listened where the configuration said, past every check of <c>--urls</c>
    /// (a host name there listened on every interface). Now the server refuses to start, naming the setting and where it was
    /// given, and listens nowhere. The endpoint here is on loopback, so the old code's override stays on this machine.
    /// </summary>
    [Theory]
    [InlineData("appsettings.json")]
    [InlineData("environment")]
    public async Task Kestrel_endpoints_in_the_configuration_are_refused_and_nothing_listens(string givenIn)
    {
        var (port, endpointPort) = (FreePort(), FreePort());
        var endpoint = $"http://127.0.0.1:{endpointPort}";
        var environment = new Dictionary<string, string?>();
        if (givenIn == "environment") environment["Kestrel__Endpoints__Http__Url"] = endpoint;
        else await File.WriteAllTextAsync(_folder.File("appsettings.json"), $$$"""{"Kestrel": {"Endpoints": {"Http": {"Url": "{{{endpoint}}}"} } } }""");
        var store = _folder.File("ledger.db");
        Assert.Equal(0, (await LedgerCli.RunAsync("--store", store, "demo")).ExitCode);

        using var process = LedgerCli.Start(_folder.Path, environment, ["--store", store, "serve", "--urls", $"http://127.0.0.1:{port}"]);
        var (output, error) = (process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        // On the old code the server listened at the endpoint until stopped: the bound ends it, and the test fails.
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try { await process.WaitForExitAsync(bound.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); Assert.Fail($"the server started: {await error}"); }

        Assert.Equal(2, process.ExitCode);
        var where = givenIn == "environment" ? "the environment variable Kestrel__Endpoints__Http__Url" : _folder.File("appsettings.json");
        Assert.Contains($"Kestrel:Endpoints (Http: '{endpoint}'; in {where}) would make Kestrel listen there instead of at the server's URLs", await error, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", await output + await error, StringComparison.Ordinal);
    }

    private static void AssertSaidPlainly(CliResult run)
    {
        var everything = run.Out + run.Error;
        Assert.DoesNotContain("This is a bug", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("fail:", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("dev-certs", everything, StringComparison.Ordinal);
    }
}
