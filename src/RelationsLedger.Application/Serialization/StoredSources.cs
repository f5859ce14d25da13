using System.Buffers;
using System.Collections;
using RelationsLedger.Domain.Provenance;

namespace RelationsLedger.Application.Serialization;

/// <summary>
/// The sources of an envelope read from its stored JSON (<see cref="EnvelopeJson.Deserialize"/>), kept as that JSON: checked
/// when the envelope was read, made into <see cref="Source"/>s only when a reader asks for them (history, the audit trail, the
/// feed, export's rules). Most readers of the log never do — a rebuild, a load, verify read the sources only to check the
/// event's hash, which takes their UTF-8 as stored (<see cref="WriteHashFields"/>): making each title, url and reference a
/// string to encode it again was ~4 % of a rebuild's samples (docs/performance.md, round 50).
/// </summary>
internal sealed class StoredSources(ReadOnlyMemory<byte> json, int count) : IReadOnlyList<Source>
{
    // Made at most once a reader asks; two threads asking at once may each make them, the same sources, and one is kept.
    private Source[]? _read;

    /// <summary>Sources made as their JSON was checked (<see cref="EnvelopeJson.ReadInPlace"/>), for a reader sure to ask for them.</summary>
    public StoredSources(ReadOnlyMemory<byte> json, Source[] read) : this(json, read.Length) => _read = read;

    public int Count => count;

    public Source this[int index] => Read()[index];

    public IEnumerator<Source> GetEnumerator() => ((IEnumerable<Source>)Read()).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The sources' fields as <see cref="Integrity.EventHash"/> encodes them, in its order.</summary>
    internal void WriteHashFields(ArrayBufferWriter<byte> buffer) => EnvelopeJson.HashSourceFields(json.Span, buffer);

    private Source[] Read() => _read ??= EnvelopeJson.ReadSources(json.Span, count);
}
