using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Application.Serialization;

/// <summary>
/// The one place JSON options are made. Every JSON the ledger writes follows the event contract's
/// conventions (docs/events.md): camelCase fields, kebab-case enumeration values, partial dates as
/// strings, nulls written out, an event's fields only.
/// </summary>
public static class LedgerJson
{
    /// <summary>The contract itself: events, envelopes, state items. Reading is strict: an unknown or missing field is an error, never a silent default.</summary>
    public static JsonSerializerOptions Contract { get; } = Freeze(CreateContract());

    /// <summary>Answers (API responses, <c>--json</c> output, panels): written in the contract's conventions, read leniently (web defaults).</summary>
    public static JsonSerializerOptions Answers { get; } = Freeze(CreateAnswers(indented: false));

    /// <summary>Answers for people reading a terminal: the same, indented.</summary>
    public static JsonSerializerOptions AnswersIndented { get; } = Freeze(CreateAnswers(indented: true));

    /// <summary>Commands as clients send them (HTTP bodies, batch files): camelCase field names, matched exactly; text composed (<see cref="ComposedText"/>).</summary>
    public static JsonSerializerOptions Commands { get; } = Freeze(new JsonSerializerOptions(JsonSerializerDefaults.General)
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = false,
        AllowDuplicateProperties = false,
        Converters = { new ComposedText.Converter() },
    });

    /// <summary>Makes <paramref name="options"/> (ASP.NET Core's, say) write answers as <see cref="Answers"/> does.</summary>
    public static void ApplyAnswerConventions(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Encoder = Contract.Encoder;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        foreach (var converter in Contract.Converters) options.Converters.Add(converter);
        // Events serialize with their contract's fields only, as in the store.
        options.TypeInfoResolverChain.Insert(0, Contract.TypeInfoResolver!);
    }

    private static JsonSerializerOptions CreateContract()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            AllowDuplicateProperties = false,
            WriteIndented = false,
            // Text stays readable in the store and in exports ('Kabul', not \u0027Kabul\u0027); the JSON is never embedded in HTML.
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            // An event's contract is its constructor's fields; derived properties (an ambassador
            // event's Actor, say) are conveniences of the code and never stored. The items' and sections'
            // metadata is made at compile time (ContractJsonContext: a short command's start), every other type's by reflection.
            TypeInfoResolver = JsonTypeInfoResolver.Combine(ContractJsonContext.Default, new DefaultJsonTypeInfoResolver()).WithAddedModifier(OnlyConstructorFields),
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.Converters.Add(new PartialDateJson());
        options.Converters.Add(new NestedEventJson());
        return options;
    }

    private static JsonSerializerOptions CreateAnswers(bool indented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = indented };
        ApplyAnswerConventions(options);
        return options;
    }

    internal static void OnlyConstructorFields(JsonTypeInfo info)
    {
        if (!typeof(IRelationshipEvent).IsAssignableFrom(info.Type) || info.Kind != JsonTypeInfoKind.Object) return;
        var fields = info.Type.GetConstructors().MaxBy(c => c.GetParameters().Length)!.GetParameters()
            .Select(p => p.Name!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var property in info.Properties.Where(p => !fields.Contains(p.Name)).ToList())
            info.Properties.Remove(property);
    }

    private static JsonSerializerOptions Freeze(JsonSerializerOptions options)
    {
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
