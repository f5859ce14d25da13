using System.Text.Json;
using System.Text.Json.Nodes;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Application.Audit.Trail;

/// <summary>One item of the state (a designation, a mission…) that an event added, removed or changed.</summary>
public sealed record StateChange(string Section, string Item, ChangeKind Change, IReadOnlyList<FieldChange> Fields);
