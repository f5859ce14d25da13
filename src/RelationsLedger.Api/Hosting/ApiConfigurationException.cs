namespace RelationsLedger.Api.Hosting;

/// <summary>The API's configuration is wrong; the message names every mistake. The server does not start.</summary>
public sealed class ApiConfigurationException(string message) : Exception(message);
