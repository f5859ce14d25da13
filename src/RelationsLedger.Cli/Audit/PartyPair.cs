using System.CommandLine;
using RelationsLedger.Cli.Hosting;

namespace RelationsLedger.Cli.Audit;

/// <summary>An optional relationship given as two party arguments: both or neither.</summary>
public sealed class PartyPair
{
    public Argument<string?> A { get; } = new("party-a") { Description = "One party (omit both for the whole ledger).", Arity = ArgumentArity.ZeroOrOne };
    public Argument<string?> B { get; } = new("party-b") { Description = "The other party.", Arity = ArgumentArity.ZeroOrOne };

    public (string? A, string? B) Read(ParseResult parse)
    {
        var (a, b) = (parse.GetValue(A), parse.GetValue(B));
        if ((a is null) != (b is null)) throw new CliInputException("name both parties of a relationship, or neither for the whole ledger.", "partyB");
        return (a, b);
    }
}
