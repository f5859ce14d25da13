using System.Globalization;

namespace RelationsLedger.Store.KurrentDb.Connection;

/// <summary>Which member of a cluster to talk to, as the official clients' <c>nodePreference</c>.</summary>
public enum NodePreference { Leader, Follower, Random, ReadOnlyReplica }
