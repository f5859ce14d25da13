using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// The server's log lines ("level category: message", then the exception if one was logged), for a test to read what the
/// server said — and for a failing test to print: a 500's body names only a trace id, and the exception behind it is in the
/// log, which the test run does not show.
/// </summary>
public sealed class CapturedLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IEnumerable<string> Lines => _lines;

    /// <summary>Every line, for an assertion's message; "nothing" when the server logged nothing.</summary>
    public override string ToString() => _lines.IsEmpty ? "nothing" : string.Join(Environment.NewLine, _lines);

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose() { }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : Environment.NewLine + exception)}");
    }
}
