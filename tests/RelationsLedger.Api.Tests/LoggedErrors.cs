using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// What a test server logs at Error or above, kept for a failing test to print: a 500's body names only a trace id, and
/// the exception behind it is in the server's log, which the test run does not show. A failure seen once in CI is
/// otherwise lost with its cause.
/// </summary>
public sealed class LoggedErrors : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _entries = new();

    public IReadOnlyCollection<string> Entries => _entries;

    /// <summary>Every entry, for an assertion's message; "none" when the server logged no error.</summary>
    public override string ToString() => _entries.IsEmpty ? "none" : string.Join(Environment.NewLine + Environment.NewLine, _entries);

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) entries.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : Environment.NewLine + exception)}");
        }
    }
}
