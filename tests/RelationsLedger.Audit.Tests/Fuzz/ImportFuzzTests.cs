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
public sealed class ImportFuzzTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private List<string> _lines = null!;

    public async Task InitializeAsync() => _lines = await FoundingExport.LinesAsync(_folder.File("source.db"));

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }

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
            var before = await StoreFingerprint.OfAsync(target.StorePath);
            var lines = Apply(_lines.ToList(), mutations);
            using var input = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));
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
        }, iter: Hostile.Iterations(40), threads: 1);
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
