using System.Text.Json;
using RelationsLedger.Domain.Provenance;

namespace RelationsLedger.Application.Serialization;

public static partial class EnvelopeJson
{
    /// <summary>
    /// The sources this thread made of an envelope's JSON read in place (<see cref="ReadInPlace"/>: an import's lines), by the bytes
    /// of each source's object. A file's lines cite the same few sources again and again (the 100k export: 124,870 citations of 60
    /// sources), and each line made its sources' texts and records anew — ~0.2 KB a line (docs/performance.md, round 68). A source is
    /// an immutable record, made of its bytes alone: the same bytes, checked again on every line as before, are the same source.
    /// Bounded by the bytes held: past <see cref="MaxBytes"/> it is emptied and fills again.
    /// </summary>
    private sealed class RememberedSources
    {
        /// <summary>The most bytes of sources' JSON held a thread (the records and their texts take about three times as much).</summary>
        private const int MaxBytes = 256 * 1024;

        private readonly Dictionary<byte[], Source> _sources = new(StoredBytesComparer.Instance);
        private int _bytes;

        [ThreadStatic] private static RememberedSources? t_remembered;

        /// <summary>The source whose object's JSON is <paramref name="json"/>, which was checked as a source (<see cref="Source"/>).</summary>
        public static Source Of(ReadOnlySpan<byte> json) => (t_remembered ??= new()).Remembered(json);

        private Source Remembered(ReadOnlySpan<byte> json)
        {
            var lookup = _sources.GetAlternateLookup<ReadOnlySpan<byte>>();
            if (lookup.TryGetValue(json, out var source)) return source;
            source = Made(json);
            if (_bytes + json.Length > MaxBytes)
            {
                _sources.Clear();
                _bytes = 0;
            }
            lookup[json] = source;
            _bytes += json.Length;
            return source;
        }

        /// <summary>The source <paramref name="json"/> holds, its texts made (it was checked: nothing here throws).</summary>
        private static Source Made(ReadOnlySpan<byte> json)
        {
            var r = new Utf8JsonReader(json, Options);
            Next(ref r, "$.sources[0]");
            var untracked = default(WriterForm);
            return Source(ref r, SourcePaths(0), keep: true, ref untracked)!;
        }
    }
}
