using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using RelationsLedger.Api.Security;

namespace RelationsLedger.Cli.Hosting;

/// <summary>
/// SIGHUP to <c>ledger serve</c> reloads its API keys (<see cref="ApiKeyReload"/>) instead of ending the process, as it did
/// by default (at once, without the server's stop: every stream reset). Not on Windows, which has no SIGHUP: .NET gives the
/// name there to the console window being closed, which must still end the server; there a change of keys needs a restart.
/// </summary>
internal static class KeyReloadSignal
{
    /// <summary>The registration (disposed when the server ends), or null on Windows.</summary>
    public static IDisposable? Register(ApiKeyReload reload, ILogger log)
    {
        if (OperatingSystem.IsWindows()) return null;
        return PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true; // not the end of the process
            // Off the signal's thread: a reload reads files. Reloads run one at a time, each reading the configuration as it is
            // then, so the last one of a burst of signals applies what the configuration says after the last.
            _ = Task.Run(() =>
            {
                try
                {
                    reload.Reload();
                }
                catch (Exception e)
                {
                    log.LogError(e, "The API keys were not reloaded: the reload failed; the keys in use stay, unchanged.");
                }
            });
        });
    }
}
