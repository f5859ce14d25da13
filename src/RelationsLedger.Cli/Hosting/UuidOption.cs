using System.CommandLine;
using RelationsLedger.Application.Serialization;

namespace RelationsLedger.Cli.Hosting;

/// <summary>
/// An option whose value is a UUID, read by the rule every entry point shares (<see cref="UuidText"/>): the form
/// xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, as in JSON bodies and batch files — not Guid.Parse's braces and other forms.
/// </summary>
public static class UuidOption
{
    public static Option<Guid?> Create(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            if (UuidText.TryParse(text, out var id)) return id;
            result.AddError(UuidText.OptionProblem(name, text));
            return null;
        },
    };
}
