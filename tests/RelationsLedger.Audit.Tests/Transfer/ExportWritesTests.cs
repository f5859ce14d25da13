using System.Text;
using RelationsLedger.Application.Audit.Export;
using RelationsLedger.Cli.Hosting;

namespace RelationsLedger.Audit.Tests;

/// <summary>
/// What an export hands its output at each write (round 46): whole lines only, a few at a time, at most a pipe's atomic write
/// (4,096 bytes) unless one line alone is longer. Before, each line was two writes (its JSON, then its line break), so an
/// export to an unbuffered pipe made two system calls an event; now an export stopped between two writes still ends with an
/// event's line, and a pipe takes each write whole or not at all.
/// </summary>
public sealed class ExportWritesTests : FoundingLedgerTests
{
    [Fact]
    public async Task An_export_of_the_founding_example_is_written_in_whole_lines_of_at_most_a_pipe_s_atomic_write()
    {
        var output = new WritesSeen();
        await Ledger.Send(new ExportEvents(output));

        Assert.NotEmpty(output.Writes);
        Assert.True(output.Writes.Count < ExportText.EventLines(output.Text).Count, $"{output.Writes.Count} writes for {ExportText.EventLines(output.Text).Count} events: not gathered");
        AssertWholeLinesOfAtMostAWrite(output.Writes);
        Assert.True(ExportText.IsEnd(output.Text.TrimEnd('\n').Split('\n')[^1]), "the end line comes last");
    }

    [Fact]
    public async Task A_line_longer_than_a_write_goes_alone_between_the_lines_before_and_after_it_in_their_order()
    {
        var lengths = new[] { 900, 900, 900, 900, 10_000, 50, 4_095, 4_095, 4, 3_000, 3_000 };
        var output = new WritesSeen();
        await using (var lines = new ExportLines(output))
        {
            foreach (var (length, i) in lengths.Select((l, i) => (l, i)))
            {
                lines.Json.WriteStringValue(new string((char)('a' + i), length - 3)); // its quotes and its line break make it length bytes
                await lines.EndLineAsync(default);
            }
            await lines.FlushAsync(default);
        }

        Assert.Equal(lengths, output.Text.Split('\n')[..^1].Select(line => line.Length + 1));
        Assert.Equal(lengths.Select((_, i) => (char)('a' + i)), output.Text.Split('\n')[..^1].Select(line => line[1]));
        AssertWholeLinesOfAtMostAWrite(output.Writes);
        Assert.Contains(output.Writes, w => w.Length == 10_000);
    }

    private static void AssertWholeLinesOfAtMostAWrite(IEnumerable<byte[]> writes)
    {
        foreach (var write in writes)
        {
            Assert.True(write[^1] == (byte)'\n', $"a write of {write.Length} bytes ends within a line");
            Assert.True(write.Length <= ExportLines.WriteSize || write.AsSpan(..^1).IndexOf((byte)'\n') < 0,
                $"a write of {write.Length} bytes holds several lines and more than {ExportLines.WriteSize} bytes");
        }
    }

    /// <summary>An output that keeps each write apart.</summary>
    private sealed class WritesSeen : WriteOnlyStream
    {
        public List<byte[]> Writes { get; } = [];
        public string Text => Encoding.UTF8.GetString(Writes.SelectMany(w => w).ToArray());

        public override void Write(ReadOnlySpan<byte> buffer) => Writes.Add(buffer.ToArray());
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Writes.Add(buffer.ToArray());
            return ValueTask.CompletedTask;
        }

        public override void Flush() { }
    }
}
