using FluentValidation;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Cli.Output;
using RelationsLedger.Hosting;
using RelationsLedger.Projections.Runner;

namespace RelationsLedger.Cli.Hosting;

/// <summary>An option's text could not be read (e.g. a malformed --source); the message names the option.</summary>
/// <param name="field">
/// The field a program's <c>errors</c> (<c>--json</c>) names it under, keyed as the HTTP API keys its fields (<c>file</c> for
/// <c>--file</c> or the FILE argument, <c>output</c>, <c>sources</c>): every other refusal of input has one, and a program
/// should not have to read <c>message</c> to know which input was wrong.
/// </param>
public sealed class CliInputException(string message, string field) : Exception(message)
{
    public string Field { get; } = field;
}
