using System.Text.Json;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Cli.Hosting;

namespace RelationsLedger.Cli.Output;

/// <summary>Machine output (<c>--json</c>): the answers' JSON, as the API writes it, indented.</summary>
public static class Json
{
    public static string Write<T>(T value) => JsonSerializer.Serialize(value, LedgerJson.AnswersIndented);

    /// <summary>
    /// Writes <paramref name="value"/> and a new line to <paramref name="output"/> as it is serialised, a few KB at a
    /// time: an answer of a million facts is ~240 MB of JSON, which as one string took three times that in memory.
    /// </summary>
    public static async Task WriteLineAsync<T>(TextWriter output, T value, CancellationToken ct = default)
    {
        await using (var stream = new TextWriterStream(output))
            await JsonSerializer.SerializeAsync(stream, value, LedgerJson.AnswersIndented, ct);
        await output.WriteLineAsync();
    }
}
