using System.Buffers;
using System.Text.Json;
using RelationsLedger.Application.Integrity;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Serialization;

/// <summary>
/// Where the check of a stored envelope's sources (<see cref="EnvelopeJson.Deserialize"/>) found each field's text, for the
/// event's hash: a reader of the log checks an event's hash right after it reads its envelope, on the same thread
/// (<see cref="Storage.LedgerEvent.TryDecode(Storage.RecordedEvent, out string?)"/>, verify's chain link), and the hash took
/// the sources' fields by reading their JSON a second time (<see cref="EnvelopeJson.HashSourceFields"/>: ~7 % of a rebuild's
/// decoding, docs/performance.md round 64). One per thread, for the last envelope read on it (<see cref="Of"/>): the hash of
/// any other (read on another thread, or before another envelope) reads its sources again, as before.
/// </summary>
internal sealed class CheckedSources
{
    private const int FieldsASource = 5; // publisher, title, url, reference, publishedOn: EventHash's order

    // Each field's text as (start, length) in the sources' JSON; a length of -1 for null.
    private int[] _at = new int[2 * FieldsASource * 4];
    private int _origin;
    private bool _whole;

    [ThreadStatic] private static CheckedSources? t_current;

    /// <summary>The envelope's sources these are, once their check is over; null while one is checked, or after it failed.</summary>
    private StoredSources? _of;

    /// <summary>This thread's, emptied for the sources' array that starts at <paramref name="origin"/> of the JSON read.</summary>
    public static CheckedSources Begin(int origin)
    {
        var checkedSources = t_current ??= new CheckedSources();
        checkedSources._of = null;
        checkedSources._origin = origin;
        checkedSources._whole = true;
        return checkedSources;
    }

    /// <summary>The check is over: the fields noted are <paramref name="sources"/>', if every one of them could be.</summary>
    public void End(StoredSources sources) => _of = _whole ? sources : null;

    /// <summary>
    /// Notes field <paramref name="field"/> (0–3: the texts) of source <paramref name="source"/> at <paramref name="r"/>, checked:
    /// its UTF-8 as the JSON holds it, which the hash takes as it is. An escaped text is not noted (the hash reads the sources
    /// again and takes the text read).
    /// </summary>
    public void Text(ref Utf8JsonReader r, int source, int field)
    {
        if (r.TokenType == JsonTokenType.Null) Note(source, field, 0, -1);
        else if (r.ValueIsEscaped) _whole = false;
        else Note(source, field, (int)r.TokenStartIndex + 1 - _origin, r.ValueSpan.Length); // after the opening quote
    }

    /// <summary>
    /// Notes a source's publication date, read as <paramref name="date"/> from <paramref name="r"/> (null: none): its text,
    /// when the JSON spells it as the hash writes it (<see cref="PartialDate.Format"/>).
    /// </summary>
    public void Date(ref Utf8JsonReader r, int source, PartialDate? date)
    {
        if (date is not { } d)
        {
            Note(source, FieldsASource - 1, 0, -1);
            return;
        }
        Span<char> chars = stackalloc char[PartialDate.MaxLength];
        if (!r.ValueIsEscaped && System.Text.Ascii.Equals(r.ValueSpan, chars[..d.Format(chars)]))
            Note(source, FieldsASource - 1, (int)r.TokenStartIndex + 1 - _origin, r.ValueSpan.Length);
        else _whole = false;
    }

    private void Note(int source, int field, int start, int length)
    {
        var at = 2 * (FieldsASource * source + field);
        if (at + 1 >= _at.Length) Array.Resize(ref _at, Math.Max(2 * _at.Length, at + 2));
        _at[at] = start;
        _at[at + 1] = length;
    }

    /// <summary>
    /// Writes <paramref name="sources"/>' fields into an event's hash (<see cref="EventHash"/>, in its order) from where their
    /// check found them, when they are this thread's last checked; false (nothing written) otherwise.
    /// </summary>
    public static bool TryWriteHashFields(StoredSources sources, ReadOnlySpan<byte> json, int count, ArrayBufferWriter<byte> buffer)
    {
        if (t_current is not { } noted || !ReferenceEquals(noted._of, sources)) return false;
        for (var i = 0; i < 2 * FieldsASource * count; i += 2)
        {
            var (start, length) = (noted._at[i], noted._at[i + 1]);
            EventHash.Bytes(buffer, length < 0 ? default : json.Slice(start, length)); // null and empty alike: length 0
        }
        return true;
    }
}
