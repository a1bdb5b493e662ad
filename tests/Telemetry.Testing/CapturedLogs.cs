using Microsoft.Extensions.Logging;

namespace Telemetry.Testing;

/// <summary>Every log line the add-on writes, with its exception text, at every level.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly List<(LogLevel Level, string Category, int EventId, string Text)> _lines = [];
    private readonly List<(Func<int, string, bool> Predicate, TaskCompletionSource Done)> _waiters = [];

    public IReadOnlyList<(LogLevel Level, string Category, int EventId, string Text)> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>Completes when a line with the event id (and text) is logged, or has been; bounded.</summary>
    public Task WaitForAsync(int eventId, TimeSpan bound, string containing = "")
    {
        bool Matches(int id, string text) => id == eventId && text.Contains(containing, StringComparison.Ordinal);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lines)
        {
            if (_lines.Any(l => Matches(l.EventId, l.Text)))
            {
                return Task.CompletedTask;
            }

            _waiters.Add((Matches, done));
        }

        return done.Task.WaitAsync(bound);
    }

    public int Count(int eventId, string containing = "") => Lines.Count(l => l.EventId == eventId && l.Text.Contains(containing, StringComparison.Ordinal));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>A typed logger that writes here, for a class built without the host.</summary>
    public ILogger<T> For<T>() => new Logger<T>(new LoggerFactory([this]));

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = formatter(state, exception) + (exception is null ? "" : " " + exception);
            lock (owner._lines)
            {
                owner._lines.Add((logLevel, category, eventId.Id, text));
                foreach (var waiter in owner._waiters.Where(w => w.Predicate(eventId.Id, text)).ToList())
                {
                    owner._waiters.Remove(waiter);
                    waiter.Done.TrySetResult();
                }
            }
        }
    }
}
