using System.Reflection;
using System.Text.Json;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Domain;

namespace RelationsLedger.Api.Commands;

/// <summary>
/// A command's JSON fields, read off its constructor and the fields every command shares — the same
/// reflection the CLI uses for its options — so the endpoint, its errors and the commands cannot drift.
/// </summary>
public sealed class CommandFields
{
    public static readonly IReadOnlySet<string> SourceFields = typeof(SourceInput).GetConstructors().Single().GetParameters()
        .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name!)).ToHashSet(StringComparer.Ordinal);

    public Type Type { get; }

    /// <summary>The command's name in the URL and in messages, e.g. <c>impose-designation</c>.</summary>
    public string Name { get; }

    /// <summary>Field name → (CLR type, whether null is allowed).</summary>
    public IReadOnlyDictionary<string, (Type Type, bool Nullable)> Fields { get; }

    private CommandFields(Type type)
    {
        Type = type;
        Name = CommandCatalogue.ForCommand(type).Name;
        var nullability = new NullabilityInfoContext(); // not thread-safe: one per use
        var fields = new Dictionary<string, (Type, bool)>(StringComparer.Ordinal);
        foreach (var p in type.GetConstructors().MaxBy(c => c.GetParameters().Length)!.GetParameters())
            fields[JsonNamingPolicy.CamelCase.ConvertName(p.Name!)] = (p.ParameterType, nullability.Create(p).WriteState == NullabilityState.Nullable);
        foreach (var p in typeof(RecordCommand).GetProperties().Where(p => p.CanWrite))
            fields[JsonNamingPolicy.CamelCase.ConvertName(p.Name)] = (p.PropertyType, nullability.Create(p).WriteState == NullabilityState.Nullable);
        Fields = fields;
    }

    private static readonly IReadOnlyDictionary<Type, CommandFields> All =
        CommandCatalogue.All.ToDictionary(c => c.CommandType, c => new CommandFields(c.CommandType));

    /// <summary>The fields of a command type, read once per process.</summary>
    public static CommandFields Of(Type commandType) => All.TryGetValue(commandType, out var fields) ? fields : new(commandType);

    public string List => string.Join(", ", Fields.Keys.Order(StringComparer.Ordinal));

    /// <summary>What a field's JSON value must be, for an error message.</summary>
    public static string Expected(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(string) => "a string",
        var t when t == typeof(Guid) => "a UUID string",
        var t when typeof(IEnumerable<SourceInput>).IsAssignableFrom(t) => "an array of sources, each {\"publisher\", \"title\", \"url\"?, \"reference\"?, \"publishedOn\"?}",
        var t when typeof(IEnumerable<KeyValuePair<string, string?>>).IsAssignableFrom(t) => "an object whose values are strings or null",
        var t => $"a {JsonNamingPolicy.CamelCase.ConvertName(t.Name)}",
    };
}
