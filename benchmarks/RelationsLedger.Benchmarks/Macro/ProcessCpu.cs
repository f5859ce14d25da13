using System.Globalization;
using System.Runtime.InteropServices;

namespace RelationsLedger.Benchmarks.Macro;

/// <summary>
/// User + system CPU time of another process (a server started apart, <c>--server-pid</c>), from <c>/proc/PID/stat</c>:
/// on a machine of two cores shared with the load generator, what each served command costs the server itself.
/// </summary>
public static class ProcessCpu
{
    private const int ClockTicksPerSecond = 2; // sysconf's _SC_CLK_TCK

    public static TimeSpan Of(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture); // utime, stime
        return TimeSpan.FromSeconds((double)ticks / sysconf(ClockTicksPerSecond));
    }

    [DllImport("libc", SetLastError = false)]
    private static extern long sysconf(int name);
}
