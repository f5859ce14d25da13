using System.Diagnostics;
using System.Globalization;

namespace RelationsLedger.Benchmarks.Macro;

/// <summary>Timing, percentiles and the process's peak memory, printed as one line per figure.</summary>
public static class Measure
{
    public static void Report(string figure, string value) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{figure,-48} {value}"));

    public static void Rate(string figure, long count, TimeSpan elapsed, string unit = "events") =>
        Report(figure, string.Create(CultureInfo.InvariantCulture,
            $"{count / elapsed.TotalSeconds,12:N0} {unit}/s  ({count:N0} in {elapsed.TotalSeconds:N2} s)"));

    public static void Latencies(string figure, List<double> millis)
    {
        millis.Sort();
        Report(figure, string.Create(CultureInfo.InvariantCulture,
            $"p50 {Percentile(millis, 0.50):N3} ms  p90 {Percentile(millis, 0.90):N3} ms  p99 {Percentile(millis, 0.99):N3} ms  max {millis[^1]:N3} ms  (n={millis.Count})"));
    }

    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>User + system CPU time of this process so far (every thread: in a scenario with an in-process server, client and server together).</summary>
    public static TimeSpan Cpu() => Process.GetCurrentProcess().TotalProcessorTime;

    /// <summary>
    /// The CPU time of the calling thread, in milliseconds (Linux, <c>CLOCK_THREAD_CPUTIME_ID</c>): what a synchronous piece of
    /// work cost on its core, without the time it waited for one — on a machine shared with other work, the part of a latency
    /// the code is answerable for. Null elsewhere.
    /// </summary>
    public static double? ThreadCpuMs() =>
        OperatingSystem.IsLinux() && clock_gettime(3, out var t) == 0 ? t.Seconds * 1e3 + t.Nanoseconds / 1e6 : null;

    /// <summary>
    /// Runs <paramref name="parts"/> in turn, <paramref name="rounds"/> rounds after <paramref name="untimed"/> untimed ones, and
    /// reports each part's median round in the calling thread's CPU time per item (the figure load inflates least), the spread of
    /// its rounds and what it allocated per item: in microseconds with two decimals when <paramref name="micro"/>, else in
    /// whole nanoseconds.
    /// </summary>
    /// <summary>The <c>--rounds R</c> option of a scenario that times its parts with <see cref="Rounds"/>: at least 1 (15 when not given).</summary>
    public static int RoundsOption(Options o)
    {
        var rounds = o.Int("rounds", 15);
        return rounds >= 1 ? rounds : throw new ArgumentException($"--rounds is at least 1, not {rounds}.");
    }

    public static void Rounds(IReadOnlyList<(string Name, Action Run)> parts, int rounds, int untimed, int items, bool micro)
    {
        var cpu = parts.Select(_ => new List<double>()).ToArray();
        var allocated = new long[parts.Count];
        for (var round = -untimed; round < rounds; round++)
        {
            for (var k = 0; k < parts.Count; k++)
            {
                var (before, bytes) = (ThreadCpuMs() ?? 0, GC.GetAllocatedBytesForCurrentThread());
                parts[k].Run();
                if (round < 0) continue;
                cpu[k].Add(((ThreadCpuMs() ?? 0) - before) * (micro ? 1e3 : 1e6) / items);
                allocated[k] += GC.GetAllocatedBytesForCurrentThread() - bytes;
            }
        }
        for (var k = 0; k < parts.Count; k++)
        {
            var sorted = cpu[k].Order().ToList();
            var format = micro ? "N2" : "N0";
            Report(parts[k].Name, string.Create(CultureInfo.InvariantCulture,
                $"{Percentile(sorted, 0.5).ToString(format, CultureInfo.InvariantCulture)} {(micro ? "µs" : "ns")} CPU an event (median of {rounds} rounds; " +
                $"{sorted[0].ToString(format, CultureInfo.InvariantCulture)}–{sorted[^1].ToString(format, CultureInfo.InvariantCulture)}), {allocated[k] / rounds / items:N0} B"));
        }
    }

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = false)]
    private static extern int clock_gettime(int clock, out TimeSpec time);

    /// <summary>CPU time per operation and as a share of the wall time (on this many cores), the figure machine load inflates least.</summary>
    public static void CpuPer(string figure, TimeSpan cpu, long count, TimeSpan elapsed, string unit) =>
        Report(figure, string.Create(CultureInfo.InvariantCulture,
            $"{cpu.TotalMicroseconds / count,12:N0} µs CPU per {unit}  ({cpu.TotalSeconds:N2} s CPU in {elapsed.TotalSeconds:N2} s wall, {cpu / elapsed / Environment.ProcessorCount:P0} of {Environment.ProcessorCount} cores)"));

    public static async Task<TimeSpan> TimeAsync(Func<Task> action)
    {
        var watch = Stopwatch.StartNew();
        await action();
        return watch.Elapsed;
    }

    /// <summary>Peak resident memory of this process (VmHWM from /proc/self/status), in MB; null where there is no /proc.</summary>
    public static double? PeakMemoryMb()
    {
        if (!File.Exists("/proc/self/status")) return null;
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? null : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    public static void Memory(string figure) =>
        Report(figure, PeakMemoryMb() is { } mb ? string.Create(CultureInfo.InvariantCulture, $"{mb:N0} MB peak RSS (VmHWM)") : "n/a");

    public static void Machine()
    {
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
        Report("machine", $"{Environment.ProcessorCount} cores, .NET {Environment.Version}, load {load}");
    }
}
