using System.Diagnostics.Tracing;

/// <summary>
/// Writes every type the runtime loads in a process, in order, each with the process's CPU time (ms) when it was loaded — what a
/// cold command makes, and roughly when — to the file TYPELOADS_OUT (default /tmp/typeloads.txt) as the process exits. The
/// runtime's type-load events through an in-process listener: the run is ~2× slower with it, so read the order and the gaps, not
/// the times (docs/performance.md, round 64: how the first FrozenDictionary of a cold question was found).
/// <code>
/// dotnet build benchmarks/type-loads -c Release -o /tmp/type-loads
/// TYPELOADS_OUT=loads.txt DOTNET_STARTUP_HOOKS=/tmp/type-loads/TypeLoads.dll T/ledger --store L.db state AF taliban --as-of 2024-12-31
/// </code>
/// </summary>
internal static class StartupHook
{
    private static Listener? _listener;
    public static void Initialize()
    {
        _listener = new Listener(Environment.GetEnvironmentVariable("TYPELOADS_OUT") ?? "/tmp/typeloads.txt");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => _listener.Flush();
    }

    private sealed class Listener(string path) : EventListener
    {
        private readonly List<string> _lines = new();
        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime")
                EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x8000000000);
        }
        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            if (e.EventName == "TypeLoadStop" && e.PayloadNames?.IndexOf("TypeName") is int i and >= 0)
                lock (_lines) _lines.Add($"{Environment.CpuUsage.TotalTime.TotalMilliseconds:F1}\t{e.Payload![i]}");
        }
        public void Flush() { lock (_lines) File.WriteAllLines(path, _lines); }
    }
}
