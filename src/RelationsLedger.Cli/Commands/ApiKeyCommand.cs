using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using RelationsLedger.Api.Security;
using RelationsLedger.Cli.Hosting;

namespace RelationsLedger.Cli.Commands;

/// <summary>
/// <c>ledger api-key new --role reader|recorder [--name …]</c>: a fresh random key, and its hash as
/// configuration. Only the hash is configured on the server; the key is shown once, here.
/// </summary>
public static class ApiKeyCommand
{
    /// <summary>The word that names the command on a line.</summary>
    public const string Name = "api-key";

    public static Command Build(CliOutput io)
    {
        var role = new Option<string>("--role") { Description = $"{Roles.Recorder} (records and reads) or {Roles.Reader} (reads only).", Required = true };
        role.AcceptOnlyFromAmong(Roles.Recorder, Roles.Reader);
        var name = new Option<string?>("--name") { Description = "A name for the key, shown in logs and errors (default: the role and the date)." };
        var index = new Option<int>("--index") { Description = "The key's place in Api:Keys, for the environment-variable form (default 0).", DefaultValueFactory = _ => 0 };
        var create = new Command("new", "Make a new API key and print it with its configuration lines.") { role, name, index };
        create.SetAction(async (parse, ct) =>
        {
            var key = ApiKeyHash.NewKey();
            var r = parse.GetValue(role)!;
            var n = parse.GetValue(name) ?? $"{r}-{DateTime.UtcNow:yyyyMMdd}";
            var i = parse.GetValue(index);
            var hash = ApiKeyHash.HexOf(key);
            // The server's own check of an entry: a name it would refuse to start with is refused here, before a key is shown.
            if (new ApiKeyEntry { Name = n, Hash = hash, Role = r }.Problems().FirstOrDefault() is { } problem)
                throw new CliInputException($"--name: {problem} Nothing was made.", "name");
            if (i < 0) throw new CliInputException($"--index: {i} is not a place in Api:Keys; give 0 or more. Nothing was made.", "index");
            // The name as a JSON string's content: a quote or a backslash in it would otherwise end the string or escape the next character.
            var jsonName = JsonEncodedText.Encode(n, JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
            await io.Out.WriteLineAsync($"""
                key:   {key}
                       (give it to the client; it is not stored anywhere and cannot be shown again)

                appsettings.json (an entry of "Api": {"{"} "Keys": [ … ] {"}"}):
                  {"{"} "Name": "{jsonName}", "Hash": "{hash}", "Role": "{r}" {"}"}

                or environment variables:
                  Api__Keys__{i}__Name={n}
                  Api__Keys__{i}__Hash={hash}
                  Api__Keys__{i}__Role={r}
                """);
            return ExitCodes.Ok;
        });
        return new Command(Name, "API keys for 'ledger serve'.") { create };
    }
}
