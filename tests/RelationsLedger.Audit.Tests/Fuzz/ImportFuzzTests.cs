using System.Text;
using CsCheck;
using RelationsLedger.Application.Audit.Import;
using RelationsLedger.Application.Audit.Verify;

namespace RelationsLedger.Audit.Tests.Fuzz;

/// <summary>
/// Hostile NDJSON for the import: a real export, mutated — characters cut or inserted, values replaced with
/// hostile text, lines repeated, swapped or dropped. Each file is imported whole (and the ledger still
/// verifies) or refused with problems naming a line and a field, and a refusal leaves the store as it was.
/// </summary>
public sealed class ImportFuzzTests(FoundingExport.Whole export) : IClassFixture<FoundingExport.Whole>, IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly IReadOnlyList<string> _lines = export.Lines;

    public void Dispose() => _folder.Dispose();

    private enum Mutation { Cut, Insert, Replace, Repeat, Swap, Drop }

    private static readonly Gen<(Mutation Kind, int Line, int At, int Other, string Text)[]> Mutations =
        Gen.Select(Gen.Enum<Mutation>(), Gen.Int[0, 1000], Gen.Int[0, 5000], Gen.Int[0, 1000], Hostile.Text, (k, l, a, o, t) => (k, l, a, o, t)).Array[1, 3];

    [Fact]
    public async Task Every_mutated_export_is_imported_whole_or_refused_by_line_and_field_and_a_refusal_changes_nothing()
    {
        var n = 0;
        await Mutations.SampleAsync(async mutations =>
        {
            await using var target = await TestLedger.OpenAsync(_folder.File($"target-{n++}.db"));
            await target.RecordSecondRelationshipAsync();
            await ImportedWholeOrRefusedAsync(target, Apply(_lines.ToList(), mutations));
        }, iter: Hostile.Iterations(40), threads: 1);
    }

    /// <summary>
    /// The same into a store that already holds the export's first half (imported first), so that mutated lines meet
    /// recorded events: repeats are skipped, a recorded id with other content is refused (issue #16: ids looked up in
    /// the store's index, chunk by chunk, instead of its whole log read).
    /// </summary>
    [Fact]
    public async Task Every_mutated_export_into_a_store_holding_half_of_it_is_imported_whole_or_refused_and_a_refusal_changes_nothing()
    {
        var n = 0;
        await Mutations.SampleAsync(async mutations =>
        {
            await using var target = await TestLedger.OpenAsync(_folder.File($"half-{n++}.db"));
            await target.Send(new ImportEvents(Input(_lines.Take(_lines.Count / 2))));
            await ImportedWholeOrRefusedAsync(target, Apply(_lines.ToList(), mutations));
        }, iter: Hostile.Iterations(40), threads: 1);
    }

    private static MemoryStream Input(IEnumerable<string> lines) => new(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));

    /// <summary>The file is imported (and the ledger verifies), or refused by line and field with the store as it was.</summary>
    private static async Task ImportedWholeOrRefusedAsync(TestLedger target, List<string> lines)
    {
        var before = await StoreFingerprint.OfAsync(target.StorePath);
        using var input = Input(lines);
        try
        {
            await target.Send(new ImportEvents(input));
            Assert.True((await target.Send(new VerifyLedger())).Ok, "an imported file left a ledger that does not verify");
        }
        catch (ImportRejectedException e)
        {
            Assert.NotEmpty(e.Errors);
            Assert.All(e.Errors, error => Assert.True(error.Line >= 1 && error.Field.Length > 0, error.ToString()));
            Assert.Equal(before, await StoreFingerprint.OfAsync(target.StorePath));
        }
    }

    /// <summary>Text as a JSON string's content, lone surrogates included (escaped as \uD800, which a reader must refuse).</summary>
    private static string Escaped(string text) => string.Concat(text.Select(c => char.IsSurrogate(c)
        ? $"\\u{(int)c:x4}"
        : System.Text.Json.JsonEncodedText.Encode(c.ToString(), System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString()));

    private static List<string> Apply(List<string> lines, (Mutation Kind, int Line, int At, int Other, string Text)[] mutations)
    {
        foreach (var (kind, line, at, other, text) in mutations)
        {
            if (lines.Count == 0) break;
            var i = line % lines.Count;
            var s = lines[i];
            switch (kind)
            {
                case Mutation.Cut when s.Length > 1:
                    var from = at % s.Length;
                    lines[i] = s.Remove(from, Math.Min(1 + other % 7, s.Length - from));
                    break;
                case Mutation.Insert:
                    lines[i] = s.Insert(at % (s.Length + 1), text);
                    break;
                case Mutation.Replace:
                    // A quoted value somewhere in the line becomes hostile text (kept valid JSON where it can be).
                    var quote = s.IndexOf("\":\"", at % s.Length, StringComparison.Ordinal);
                    if (quote < 0) quote = s.IndexOf("\":\"", StringComparison.Ordinal);
                    if (quote < 0) break;
                    var end = s.IndexOf('"', quote + 3);
                    if (end < 0) break;
                    lines[i] = s[..(quote + 3)] + Escaped(text) + s[end..];
                    break;
                case Mutation.Repeat:
                    lines.Insert(other % (lines.Count + 1), s);
                    break;
                case Mutation.Swap:
                    var j = other % lines.Count;
                    (lines[i], lines[j]) = (lines[j], lines[i]);
                    break;
                case Mutation.Drop:
                    lines.RemoveAt(i);
                    break;
            }
        }
        return lines;
    }
}
