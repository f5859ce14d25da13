using System.Text.Json.Serialization;
using RelationsLedger.Application.Queries;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Application.Serialization;

/// <summary>
/// JSON metadata made at compile time for what a state question reads and prints: every kind's items (read
/// back from the read model) and sections (written in the answer). With reflection, the first use of each
/// type in a process looked up its properties, constructor and nullability and emitted accessors — most of
/// the JSON share of a short command such as <c>ledger state</c> (docs/performance.md, round 9). It is the first
/// resolver of <see cref="LedgerJson.Contract"/>, and so of the answers' options too; the conventions (names,
/// converters, strictness) still come from those options, so the bytes are the same. A type not listed here
/// (events, the other answers) is described by reflection as before; <c>GeneratedContractJsonTests</c> fails,
/// naming it, when a kind of item is missing.
/// </summary>
[JsonSourceGenerationOptions(GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(DiplomaticRelations))]
[JsonSerializable(typeof(DiplomaticRelationsView))]
[JsonSerializable(typeof(IReadOnlyList<ItemView<Recognition>>))]
[JsonSerializable(typeof(IReadOnlyList<ItemView<Designation>>))]
[JsonSerializable(typeof(IReadOnlyList<ItemView<AmbassadorTenure>>))]
[JsonSerializable(typeof(IReadOnlyList<ItemView<Nomination>>))]
[JsonSerializable(typeof(IReadOnlyList<ItemView<Mission>>))]
[JsonSerializable(typeof(IReadOnlyList<ItemView<SanctionsRegime>>))]
[JsonSerializable(typeof(IReadOnlyList<ItemView<Agreement>>))]
[JsonSerializable(typeof(IReadOnlyList<ItemView<Pledge>>))]
[JsonSerializable(typeof(IReadOnlyList<ItemView<Project>>))]
[JsonSerializable(typeof(Engagement))]
[JsonSerializable(typeof(Statement))]
[JsonSerializable(typeof(IReadOnlyList<EngagementView>))]
[JsonSerializable(typeof(IReadOnlyList<StatementView>))]
[JsonSerializable(typeof(ReadModelFreshness))]
[JsonSerializable(typeof(DateTimeOffset?))]
internal sealed partial class ContractJsonContext : JsonSerializerContext;
