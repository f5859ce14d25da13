using System.Collections.Concurrent;
using System.Text.Json;

namespace RelationsLedger.Application.Pipeline;

/// <summary>
/// A member's name as the JSON contract and the API spell it (camelCase): the field names FluentValidation puts in errors.
/// </summary>
/// <remarks>
/// Remembered by name: FluentValidation asks for a rule's display name every time the rule runs, not only when it fails,
/// and converting made a new string for almost every rule of every command (~680 bytes a command of the benchmark's mix).
/// The name is a function of the member's name alone, so the same name is always given.
/// </remarks>
public static class ContractNames
{
    private static readonly ConcurrentDictionary<string, string> Names = new(StringComparer.Ordinal);

    public static string Of(string memberName) =>
        Names.TryGetValue(memberName, out var name) ? name : Names.GetOrAdd(memberName, JsonNamingPolicy.CamelCase.ConvertName(memberName));
}
