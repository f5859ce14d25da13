using System.Globalization;

namespace RelationsLedger.Application.Storage;

/// <summary>What the writer believes the stream's last revision to be; the append fails otherwise.</summary>
public readonly record struct ExpectedRevision
{
    public enum Kinds { Any, NoStream, StreamExists, Exact }

    public Kinds Kind { get; }
    public ulong Revision { get; }

    private ExpectedRevision(Kinds kind, ulong revision) => (Kind, Revision) = (kind, revision);

    /// <summary>Append whatever the stream holds.</summary>
    public static ExpectedRevision Any => new(Kinds.Any, 0);

    /// <summary>The stream must not exist yet.</summary>
    public static ExpectedRevision NoStream => new(Kinds.NoStream, 0);

    /// <summary>The stream must exist, at any revision.</summary>
    public static ExpectedRevision StreamExists => new(Kinds.StreamExists, 0);

    /// <summary>The stream's last event must be at <paramref name="revision"/> (0-based).</summary>
    public static ExpectedRevision Exact(ulong revision) => new(Kinds.Exact, revision);

    /// <summary>The expectation after reading a stream whose last revision is <paramref name="last"/> (null: empty).</summary>
    public static ExpectedRevision After(ulong? last) => last is { } r ? Exact(r) : NoStream;

    /// <summary>Whether a stream whose last revision is <paramref name="actual"/> (null: no stream) meets this expectation.</summary>
    public bool IsMetBy(ulong? actual) => Kind switch
    {
        Kinds.Any => true,
        Kinds.NoStream => actual is null,
        Kinds.StreamExists => actual is not null,
        _ => actual == Revision,
    };

    public override string ToString() => Kind == Kinds.Exact ? Revision.ToString(CultureInfo.InvariantCulture) : Kind.ToString();
}
