namespace RelationsLedger.Application.Storage;

/// <summary>Which streams a read of the global log or a subscription delivers.</summary>
public sealed record StreamFilter(string? StreamPrefix)
{
    /// <summary>Every non-system stream.</summary>
    public static StreamFilter All { get; } = new((string?)null);

    /// <summary>The relationship streams of the ledger.</summary>
    public static StreamFilter Relationships { get; } = new(Domain.Parties.RelationshipKey.StreamPrefix);

    public bool Matches(string stream) =>
        !stream.StartsWith('$') && (StreamPrefix is null || stream.StartsWith(StreamPrefix, StringComparison.Ordinal));
}
