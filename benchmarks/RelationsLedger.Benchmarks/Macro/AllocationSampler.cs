using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace RelationsLedger.Benchmarks.Macro;

/// <summary>
/// What a run allocates, by type: the runtime's own allocation sample (an <c>AllocationTick</c> event about every
/// 100 KB allocated, naming the type of the object that crossed the mark), counted in process. There is no dotnet-trace on
/// the benchmark machines; this needs nothing but the runtime. A sample stands for ~100 KB, so the shares are estimates.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private const int AllocationTickEvent = 10;
    private readonly ConcurrentDictionary<string, long> _bytes = new();

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventId != AllocationTickEvent || e.Payload is null || e.PayloadNames is null) return;
        var type = e.PayloadNames.IndexOf("TypeName") is var t and >= 0 ? e.Payload[t] as string ?? "?" : "?";
        var amount = e.PayloadNames.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(e.Payload[a]) : 100_000;
        _bytes.AddOrUpdate(type, amount, (_, sum) => sum + amount);
    }

    /// <summary>The <paramref name="top"/> types by sampled bytes, with their share of everything sampled.</summary>
    public IEnumerable<string> Top(int top)
    {
        var total = Math.Max(1, _bytes.Values.Sum());
        return _bytes.OrderByDescending(p => p.Value).Take(top)
            .Select(p => $"{100.0 * p.Value / total,5:N1} %  {p.Value / 1048576,7:N0} MB  {p.Key}");
    }
}
