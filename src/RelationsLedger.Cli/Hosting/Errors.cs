using FluentValidation;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Projections.Runner;

namespace RelationsLedger.Cli.Hosting;

/// <summary>Turns the ledger's expected failures into messages and exit codes; anything else is a bug and propagates.</summary>
public static class Errors
{
    public static async Task<int> Guard(CliOutput io, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (ValidationException e)
        {
            await io.Error.WriteLineAsync("Invalid input; nothing was recorded:");
            foreach (var failure in e.Errors)
                await io.Error.WriteLineAsync($"  {failure.PropertyName}: {failure.ErrorMessage}");
            return ExitCodes.Invalid;
        }
        catch (CommandRefusedException e)
        {
            await io.Error.WriteLineAsync($"{e.Message} Nothing was recorded.");
            return ExitCodes.Refused;
        }
        catch (StoreUnavailableException e)
        {
            await io.Error.WriteLineAsync(e.Message);
            return ExitCodes.StoreUnavailable;
        }
        catch (CliInputException e)
        {
            await io.Error.WriteLineAsync($"Invalid input; nothing was recorded:{Environment.NewLine}  {e.Message}");
            return ExitCodes.Invalid;
        }
        catch (ProjectionFailedException e)
        {
            await io.Error.WriteLineAsync($"{e.Message}{Environment.NewLine}Everything before that event is projected; the next run starts with it again.");
            return ExitCodes.ProjectionFailed;
        }
        catch (Api.Hosting.ApiConfigurationException e)
        {
            await io.Error.WriteLineAsync(e.Message);
            return ExitCodes.Invalid;
        }
        catch (DuplicateEventException e)
        {
            await io.Error.WriteLineAsync($"{e.Message} Use a new command id. Nothing was recorded.");
            return ExitCodes.Refused;
        }
    }
}

/// <summary>An option's text could not be read (e.g. a malformed --source); the message names the option.</summary>
public sealed class CliInputException(string message) : Exception(message);
