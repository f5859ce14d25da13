using System.Diagnostics;
using System.Runtime.InteropServices;

namespace RelationsLedger.Cli.Hosting;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM as the command's cancellation, for the <c>ledger</c> process's own run: the first one asks the
/// command to stop — an import between its batches says how many events it recorded, an export removes its unfinished file,
/// a rebuild leaves the read model as it was — and it ends with exit code 130 saying so; a second one, a second or more after
/// the first, ends the process at once, as the signal does by default. One within that second is the same request: coreutils'
/// <c>timeout</c> sends its signal to the command and then to the process group it made for it, which holds the command too,
/// and before round 64 that second copy, when it came after the first was handled, ended the process at once, saying nothing
/// (exit 143, an export's unfinished file left behind). Registered by the <c>ledger</c> program (Program.cs) before anything else, so that
/// standard output's writes are given up at it too (<see cref="GuardedOutput.ForStandardOutput"/>); before round 46,
/// <see cref="LedgerApp.RunAsync"/> registered them when it was told it owned the process. Registered before the command
/// starts: System.CommandLine 2.0.0 registers its own only when given a <c>ProcessTerminationTimeout</c> (its default was
/// dropped in 2.0.0-beta7), and only once the command's task is returned, which a command running synchronously returns at its end. Before, either signal ended the process where
/// it stood, saying nothing (<c>ledger export -o FILE</c> left its <c>.FILE.….partial</c> beside FILE).
/// </summary>
internal sealed class StopSignals : IDisposable
{
    /// <summary>How long after the first signal another is taken as part of the same request (a burst such as <c>timeout</c>'s).</summary>
    private static readonly TimeSpan SameRequest = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stop;
    private readonly PosixSignalRegistration[] _registrations;
    private long _firstAt; // Stopwatch timestamp of the first signal; 0 before it

    public StopSignals()
    {
        _stop = new CancellationTokenSource();
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop)];
    }

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Token => _stop.Token;

    private void Stop(PosixSignalContext context)
    {
        if (_stop.IsCancellationRequested && Stopwatch.GetElapsedTime(Volatile.Read(ref _firstAt)) >= SameRequest)
            return; // a second request: the runtime ends the process, as it would have the first
        context.Cancel = true;
        if (_stop.IsCancellationRequested) return; // the same request again: the command is stopping already
        Volatile.Write(ref _firstAt, Stopwatch.GetTimestamp());
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // A signal handled while the run ends (Dispose): nothing is left to stop, and the exception would end the process.
        }
    }

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _stop.Dispose();
    }
}
