using System.Text.Json;
using System.Text.Json.Serialization;
using RelationsLedger.Domain.Aspects;

namespace RelationsLedger.Application.Serialization;

/// <summary>
/// PROTOTYPE (round 38): every catalogued event's JSON written by System.Text.Json's source generator's fast path
/// (GenerationMode default: metadata and serialization). The fast path runs only with the context's own options
/// (its converters are then allowed); the encoder is the writer's, set by <see cref="EventJson"/>.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    RespectNullableAnnotations = true,
    Converters = [typeof(KebabCaseEnumJson), typeof(PartialDateJson), typeof(NestedEventJson)])]
[JsonSerializable(typeof(MissionOpened))]
[JsonSerializable(typeof(MissionLevelChanged))]
[JsonSerializable(typeof(MissionClosed))]
[JsonSerializable(typeof(DesignationImposed))]
[JsonSerializable(typeof(DesignationRemoved))]
[JsonSerializable(typeof(DesignationSuspended))]
[JsonSerializable(typeof(DesignationReinstated))]
[JsonSerializable(typeof(EntryCorrected))]
[JsonSerializable(typeof(EntryRetracted))]
[JsonSerializable(typeof(StatementMade))]
[JsonSerializable(typeof(CooperationPledged))]
[JsonSerializable(typeof(AgreementSigned))]
[JsonSerializable(typeof(AgreementTerminated))]
[JsonSerializable(typeof(RecognitionGranted))]
[JsonSerializable(typeof(RecognitionWithdrawn))]
[JsonSerializable(typeof(ProjectProposed))]
[JsonSerializable(typeof(ProjectLaunched))]
[JsonSerializable(typeof(ProjectCancelled))]
[JsonSerializable(typeof(RelationsEstablished))]
[JsonSerializable(typeof(RelationsSevered))]
[JsonSerializable(typeof(RelationsRestored))]
[JsonSerializable(typeof(AmbassadorNominated))]
[JsonSerializable(typeof(AmbassadorAccredited))]
[JsonSerializable(typeof(AmbassadorRecalled))]
[JsonSerializable(typeof(AmbassadorExpelled))]
[JsonSerializable(typeof(SanctionsImposed))]
[JsonSerializable(typeof(SanctionsLifted))]
[JsonSerializable(typeof(EngagementHeld))]
internal sealed partial class EventJsonContext : JsonSerializerContext;

/// <summary>Enumeration values in kebab case (<c>chargé-d-affaires</c>), integers refused: the contract's enum convention, as a type the generator's options can name.</summary>
public sealed class KebabCaseEnumJson : JsonConverterFactory
{
    private static readonly JsonStringEnumConverter Inner = new(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false);

    public override bool CanConvert(Type typeToConvert) => Inner.CanConvert(typeToConvert);

    public override JsonConverter? CreateConverter(Type typeToConvert, JsonSerializerOptions options) => Inner.CreateConverter(typeToConvert, options);
}
