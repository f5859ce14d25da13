using System.Globalization;
using System.Text.Json;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Application.Audit.Export;

/// <summary>
/// The last line of an export (docs/audit.md, "Export format"): <c>{"exportEnd":{"events":N,"streams":S,"lastPosition":P}}</c>,
/// what the lines before it hold. Every line of an export ends at a line break, so a file cut at one — <c>head -n 500</c>, a
/// copy taken while the export was written, an export to standard output stopped — read as a whole export of fewer events,
/// and an import of it said nothing. The end line is written only once every event is, so its absence tells a file cut
/// short, and its counts a file that lost (or gained) lines in the middle. It proves nothing against someone who edits it
/// too: that is the digest's part, kept outside the file (<c>ledger verify --file FILE --digest TOKEN</c>).
/// </summary>
public sealed record ExportEnd(long Events, int Streams, string? LastPosition)
{
    /// <summary>The end line's one field: a line that is an object beginning with it is the end line, not an event's.</summary>
    public const string Field = "exportEnd";

    /// <summary>What a reader says of a file without an end line: an export of an earlier version, or one cut short.</summary>
    public const string Absent =
        "the file has no end line ({\"exportEnd\":…}, which every export written since 2026-12-05 ends with, docs/audit.md): it may be " +
        "cut short — by head, a copy taken while it was written, an export to standard output that was stopped — or written by an " +
        "earlier version, and nothing in it tells which. Export it again, or check it against its ledger's digest " +
        "(ledger verify --file FILE --digest TOKEN)";

    public void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteStartObject(Field);
        w.WriteNumber("events", Events);
        w.WriteNumber("streams", Streams);
        if (LastPosition is null) w.WriteNull("lastPosition");
        else w.WriteString("lastPosition", LastPosition);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>Whether the line is an end line (an object whose first field is <see cref="Field"/>), told without parsing the event lines.</summary>
    public static bool Is(ReadOnlySpan<byte> utf8)
    {
        utf8 = utf8.TrimStart(" \t"u8);
        if (utf8.IsEmpty || utf8[0] != (byte)'{') return false;
        return utf8[1..].TrimStart(" \t"u8).StartsWith("\"exportEnd\""u8);
    }

    /// <summary>The end line read strictly (exactly its fields, each of its kind), or null with why not added to <paramref name="error"/>.</summary>
    public static ExportEnd? Read(ReadOnlyMemory<byte> utf8, Action<string, string> error)
    {
        if (ExportLineFields.Parse(utf8, error) is not { } doc) return null;
        using var _ = doc;
        var fields = doc.RootElement.EnumerateObject().ToList();
        if (fields.Count != 1 || fields[0].Name != Field || fields[0].Value.ValueKind != JsonValueKind.Object)
        {
            error(Field, "an end line is one object of one field, exportEnd, an object: {\"exportEnd\":{\"events\":N,\"streams\":S,\"lastPosition\":\"P\"}}");
            return null;
        }
        var end = fields[0].Value;
        var names = end.EnumerateObject().Select(p => p.Name).ToList();
        if (names.Count != 3 || !names.Order(StringComparer.Ordinal).SequenceEqual(["events", "lastPosition", "streams"]))
        {
            error(Field, $"has the fields {string.Join(", ", names)}; an export writes exactly events, streams and lastPosition");
            return null;
        }
        var events = end.GetProperty("events");
        var streams = end.GetProperty("streams");
        var last = end.GetProperty("lastPosition");
        if (events.ValueKind != JsonValueKind.Number || !events.TryGetInt64(out var e) || e < 0)
            error($"{Field}.events", $"{events.GetRawText()} is not a count of events");
        else if (streams.ValueKind != JsonValueKind.Number || !streams.TryGetInt32(out var s) || s < 0)
            error($"{Field}.streams", $"{streams.GetRawText()} is not a count of streams");
        else if (last.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            error($"{Field}.lastPosition", $"{last.GetRawText()} is not a position (text, or null when the export holds no event)");
        else return new(e, s, last.GetString());
        return null;
    }
}

/// <summary>
/// What both readers of an export (the import, <c>verify --file</c>) check of its end line (<see cref="ExportEnd"/>): that the lines
/// before it are as many, of as many streams, up to the same position as it says, and that nothing follows it. Give it every line
/// in file order: <see cref="Event"/> for each line that is not blank and not the end line, then <see cref="End"/>.
/// </summary>
public sealed class ExportEndCheck
{
    private readonly HashSet<string> _streams = new(StringComparer.Ordinal);
    private long _events;
    private string? _last;
    private bool _unread; // a line whose stream or position could not be read: it is named itself, and the counts of streams and positions are not compared

    /// <summary>The line number of the end line once it was read; null while (or if) it was not.</summary>
    public int? EndLine { get; private set; }

    /// <summary>An event's line before the end line: its stream and position when they could be read.</summary>
    public void Event(string? stream, GlobalPosition? position)
    {
        _events++;
        if (stream is not null) _streams.Add(stream);
        _last = position?.ToString();
        _unread |= stream is null || position is null;
    }

    /// <summary>The end line, on line <paramref name="line"/>: what it says that the lines before it are not, each as (field, why).</summary>
    public void End(int line, ReadOnlyMemory<byte> utf8, Action<string, string> error)
    {
        EndLine = line;
        if (ExportEnd.Read(utf8, error) is not { } end) return;
        const string Why = "lines were removed or added (a file cut, joined or edited by hand): it is not the export that was written. Export it again";
        if (end.Events != _events)
            error($"{ExportEnd.Field}.events", $"the end line says the export holds {Count(end.Events)} event(s), and {Count(_events)} line(s) come before it: {Why}");
        else if (!_unread && end.Streams != _streams.Count)
            error($"{ExportEnd.Field}.streams", $"the end line says the export holds events of {Count(end.Streams)} stream(s), and the lines before it are of {Count(_streams.Count)}: {Why}");
        else if (!_unread && end.LastPosition != _last)
            error($"{ExportEnd.Field}.lastPosition", $"the end line says the export's last event is at position {end.LastPosition ?? "none"}, and the line before it is at {_last ?? "none"}: {Why}");
    }

    /// <summary>Why a line after the end line is not read: a file holds one export.</summary>
    public static string After(int endLine) =>
        $"comes after the export's end line (line {endLine}): a file holds one export, and nothing follows its end (two exports joined, or a file " +
        "concatenated with itself?). Import each export on its own, one after the other; the file was not read further";

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
