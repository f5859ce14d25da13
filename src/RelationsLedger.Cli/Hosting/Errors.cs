using FluentValidation;
using RelationsLedger.Application.Commands.Batch;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Cli.Output;
using RelationsLedger.Hosting;
using RelationsLedger.Projections.Runner;

namespace RelationsLedger.Cli.Hosting;

/// <summary>
/// Turns every failure into one plain message and an exit code (<see cref="ExitCodes"/>): a person never
/// sees a stack trace. An unexpected exception is a bug: it is named in one line, with its details only
/// when <c>RELATIONSLEDGER_DEBUG</c> is set.
/// </summary>
public static class Errors
{
    public const string DebugVariable = "RELATIONSLEDGER_DEBUG";

    /// <param name="writes">Whether the command records anything (its messages then say that nothing was recorded).</param>
    public static async Task<int> Guard(CliOutput io, Func<Task<int>> action, bool writes = false)
    {
        var nothing = writes ? "; nothing was recorded" : "";
        try
        {
            return await action();
        }
        catch (ValidationException e)
        {
            await io.Error.WriteLineAsync($"Invalid input{nothing}:");
            foreach (var failure in e.Errors)
                await io.Error.WriteLineAsync($"  {Printable.Text(failure.PropertyName)}: {Printable.Text(failure.ErrorMessage)}");
            return ExitCodes.Invalid;
        }
        catch (Exception e) when (e is CliInputException or StoreLocationException)
        {
            var field = e is StoreLocationException ? "--store: " : "";
            await io.Error.WriteLineAsync($"Invalid input{nothing}:{Environment.NewLine}  {field}{Printable.Text(e.Message)}");
            return ExitCodes.Invalid;
        }
        catch (CommandRefusedException e)
        {
            await io.Error.WriteLineAsync($"{Printable.Text(e.Message)} Nothing was recorded.");
            return ExitCodes.Refused;
        }
        catch (BatchRefusedException e)
        {
            await io.Error.WriteLineAsync($"The batch contradicts the record; nothing was recorded. Refused:");
            foreach (var refused in e.Refused) await io.Error.WriteLineAsync($"  {Printable.Text(refused.ToString())}");
            return ExitCodes.Refused;
        }
        catch (BatchPartlyRecordedException e)
        {
            await io.Error.WriteLineAsync(Printable.Text(e.Message));
            return ExitCodes.StoreUnavailable;
        }
        catch (CommandIdReusedException e)
        {
            await io.Error.WriteLineAsync(Printable.Text(e.Message));
            return ExitCodes.CommandIdReused;
        }
        catch (StoreUnavailableException e)
        {
            await io.Error.WriteLineAsync(Printable.Text(e.Message));
            return ExitCodes.StoreUnavailable;
        }
        catch (Application.Audit.Chain.LedgerTamperedException e)
        {
            await io.Error.WriteLineAsync(Printable.Text(e.Message) + (writes ? " Nothing was recorded." : ""));
            foreach (var finding in e.Findings) await io.Error.WriteLineAsync($"  {Printable.Text(finding.ToString())}");
            return ExitCodes.IntegrityFailure;
        }
        catch (StreamHiddenException e)
        {
            await io.Error.WriteLineAsync(Printable.Text(e.Message));
            return ExitCodes.IntegrityFailure;
        }
        catch (ProjectionFailedException e)
        {
            await io.Error.WriteLineAsync($"{Printable.Text(e.Message)}{Environment.NewLine}Everything before that event is projected; the next run starts with it again.");
            return ExitCodes.ReadModelFailed;
        }
        catch (ReadModelUnavailableException e)
        {
            await io.Error.WriteLineAsync(Printable.Text(e.Message));
            return ExitCodes.ReadModelFailed;
        }
        catch (Api.Hosting.ApiConfigurationException e)
        {
            await io.Error.WriteLineAsync(Printable.Text(e.Message));
            return ExitCodes.Invalid;
        }
        catch (OutputUnwritableException e)
        {
            await io.Error.WriteLineAsync(Printable.Text(e.Message) + (writes
                ? " What the command recorded before it printed stays recorded ('ledger history' shows it)."
                : " The ledger was not changed."));
            return ExitCodes.OutputUnwritable;
        }
        catch (Application.Audit.Import.ImportCancelledException e)
        {
            await io.Error.WriteLineAsync(Printable.Text(e.Message)); // not "nothing was recorded": what it recorded before stays
            return ExitCodes.Cancelled;
        }
        catch (OperationCanceledException)
        {
            await io.Error.WriteLineAsync($"Cancelled{nothing}.");
            return ExitCodes.Cancelled;
        }
        catch (Exception e)
        {
            await io.Error.WriteLineAsync($"ledger: unexpected error: {e.GetType().Name}: {Printable.Text(e.Message)} This is a bug; please report it" +
                (Environment.GetEnvironmentVariable(DebugVariable) is { Length: > 0 } ? $".{Environment.NewLine}{e}" : $" (set {DebugVariable}=1 to see its details)."));
            return ExitCodes.Internal;
        }
    }
}
