using System.Globalization;

/// <summary>
/// The runtime calls <c>Initialize</c> before <c>Main</c> in every process started with this assembly in DOTNET_STARTUP_HOOKS
/// (a test host, the <c>ledger</c> processes it starts, which inherit its environment). At exit, one tab-separated line:
/// pid, parent pid, user s, system s, command line — read from /proc/self/stat (clock ticks of 1/100 s). A process killed
/// with SIGKILL writes nothing.
/// </summary>
internal static class StartupHook
{
    public static void Initialize()
    {
        var log = Environment.GetEnvironmentVariable("CPUHOOK_LOG");
        if (string.IsNullOrEmpty(log)) return;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Write(log);
    }

    private static void Write(string log)
    {
        try
        {
            var stat = File.ReadAllText("/proc/self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // after "pid (comm) ": state, ppid, … utime at 11, stime at 12
            var user = long.Parse(fields[11], CultureInfo.InvariantCulture) / 100.0;
            var system = long.Parse(fields[12], CultureInfo.InvariantCulture) / 100.0;
            var command = File.ReadAllText("/proc/self/cmdline").Replace('\0', ' ').Trim();
            File.AppendAllText(log, string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}\t{fields[1]}\t{user:F2}\t{system:F2}\t{command}\n"));
        }
        catch (IOException)
        {
            // a measurement line lost, never the process's own exit
        }
    }
}
