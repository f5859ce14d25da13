using System.Diagnostics;
using System.Runtime.InteropServices;

namespace RelationsLedger.Projections.Runner;

/// <summary>
/// One stage of a bulk rebuild (the decoder, the projection applying): the wall time it was at work and the processor time its
/// thread spent meanwhile, counted over its stretches between awaits (<see cref="Start"/> … <see cref="Stop"/>). A stage's
/// awaits may resume it on another pool thread, so each stretch is measured on the thread it ran on; the process's CPU
/// (<see cref="Environment.CpuUsage"/>) cannot tell the two stages apart. The processor time is the thread's own
/// (<c>CLOCK_THREAD_CPUTIME_ID</c>, Linux); elsewhere it stays zero.
/// </summary>
internal sealed partial class StageClock
{
    private long _busyTicks, _cpuNanoseconds, _startedAt, _cpuAtStart;
    private int _thread = -1;

    public TimeSpan Busy => Stopwatch.GetElapsedTime(0, _busyTicks);

    public TimeSpan Cpu => TimeSpan.FromTicks(_cpuNanoseconds / 100);

    public void Start()
    {
        _thread = Environment.CurrentManagedThreadId;
        _cpuAtStart = ThreadCpuNanoseconds();
        _startedAt = Stopwatch.GetTimestamp();
    }

    public void Stop()
    {
        if (_thread < 0) return;
        _busyTicks += Stopwatch.GetTimestamp() - _startedAt;
        // A stretch that resumed on another thread (an await inside it that did not complete at once) is counted in wall time only.
        if (_thread == Environment.CurrentManagedThreadId) _cpuNanoseconds += ThreadCpuNanoseconds() - _cpuAtStart;
        _thread = -1;
    }

    private static readonly bool OnLinux = OperatingSystem.IsLinux();

    private static long ThreadCpuNanoseconds()
    {
        if (!OnLinux || ClockGetTime(ThreadCpuTimeClock, out var t) != 0) return 0;
        return t.Seconds * 1_000_000_000 + t.Nanoseconds;
    }

    private const int ThreadCpuTimeClock = 3; // CLOCK_THREAD_CPUTIME_ID

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    // LibraryImport, as every P/Invoke of the ledger: no marshalling stub made at run time (FileStatus.StatX).
    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);
}
