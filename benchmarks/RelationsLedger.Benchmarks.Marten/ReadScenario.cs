using RelationsLedger.Application.Storage;
using RelationsLedger.Benchmarks.Macro;

namespace RelationsLedger.Benchmarks.Marten;

/// <summary>
/// (c): reads every stream the single-writer append wrote, from its start, one stream after another — the
/// ledger through <see cref="IEventStore.ReadStreamAsync"/>, Marten through <c>FetchStreamAsync</c>
/// (which also deserializes each event's payload, as the ledger's reader hands back raw bytes: see docs).
/// </summary>
public static class ReadScenario
{
    public static async Task RunAsync(Sides sides, int rounds, Results results)
    {
        var ledgerStreams = sides.Streams.Where(s => s[0] == 'l').ToList();
        var martenStreams = sides.Streams.Where(s => s[0] == 'm').ToList();
        for (var round = 0; round < rounds; round++)
            foreach (var ledger in round % 2 == 0 ? new[] { true, false } : [false, true])
            {
                long read = 0;
                var elapsed = await Measure.TimeAsync(async () =>
                {
                    if (ledger)
                    {
                        foreach (var stream in ledgerStreams)
                            await foreach (var _ in sides.Ledger.ReadStreamAsync(stream, ReadDirection.Forwards, null, long.MaxValue)) read++;
                    }
                    else
                    {
                        await using var session = sides.Marten.QuerySession();
                        foreach (var stream in martenStreams) read += (await session.Events.FetchStreamAsync(stream)).Count;
                    }
                });
                results.Add("read every stream", ledger, read, elapsed);
            }
    }
}
