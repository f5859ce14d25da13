using System.Text.Json;
using System.Text.Json.Nodes;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Application.Audit.Trail;

public enum ChangeKind { Added, Removed, Changed }
