using System.Text.Json;
using System.Text.Json.Nodes;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Application.Audit.Trail;

/// <summary>One field of a state item before and after, as text (scalars as they read in JSON, objects as compact JSON).</summary>
public sealed record FieldChange(string Field, string? Before, string? After);
