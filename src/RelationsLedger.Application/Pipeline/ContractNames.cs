using System.Collections.Concurrent;
using System.Text.Json;

namespace RelationsLedger.Application.Pipeline;

/// <summary>
/// A member's name as the JSON contract and the API spell it (camelCase): the field names FluentValidation puts in errors.
/// </summary>
/// <remarks>
/// Remembered by name, so that every rule of a field is given the same string. The ledger's validators ask for a rule's
/// names once, when the rule is made (<see cref="ContractValidator{T}"/>); FluentValidation alone would ask for the display
/// name every time the rule runs. The name is a function of the member's name alone, so the same name is always given.
/// </remarks>
public static class ContractNames
{
    private static readonly ConcurrentDictionary<string, string> Names = new(StringComparer.Ordinal);

    public static string Of(string memberName) =>
        Names.TryGetValue(memberName, out var name) ? name : Names.GetOrAdd(memberName, JsonNamingPolicy.CamelCase.ConvertName(memberName));
}
