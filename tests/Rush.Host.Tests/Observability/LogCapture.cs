using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Rush.Host.Tests.Observability;

/// <summary>A logger provider that keeps every entry of one category with its structured fields.</summary>
internal sealed class LogCapture(string category) : ILoggerProvider
{
    public ConcurrentQueue<IReadOnlyDictionary<string, object?>> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => categoryName == category ? new Capturing(this) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void Dispose()
    {
    }

    private sealed class Capturing(LogCapture owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (state is IReadOnlyList<KeyValuePair<string, object?>> fields)
            {
                owner.Entries.Enqueue(fields.ToDictionary(f => f.Key, f => f.Value));
            }
        }
    }
}
