using FluentValidation;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Cli.Output;
using RelationsLedger.Hosting;
using RelationsLedger.Projections.Runner;

namespace RelationsLedger.Cli.Hosting;

/// <summary>An option's text could not be read (e.g. a malformed --source); the message names the option.</summary>
public sealed class CliInputException(string message) : Exception(message);
