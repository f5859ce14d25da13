using RelationsLedger.Cli.Output;

namespace RelationsLedger.Cli.Tests;

/// <summary>Machine output written as it is serialised is the same text as the answer serialised whole.</summary>
public sealed class JsonOutputTests
{
    [Fact]
    public async Task A_long_answer_written_in_pieces_is_the_answer_serialised_whole_with_every_character_whole()
    {
        // Characters of two, three and four UTF-8 bytes, in runs long enough to fall across the serialiser's pieces.
        var answer = Enumerable.Range(0, 5_000).Select(i => new { i, name = $"Федеральный список 联合国 😀 {new string('x', i % 17)}" }).ToList();
        var output = new StringWriter();

        await Json.WriteLineAsync(output, answer);

        Assert.Equal(Json.Write(answer) + output.NewLine, output.ToString());
        Assert.True(output.ToString().Length > 200_000);
    }
}
