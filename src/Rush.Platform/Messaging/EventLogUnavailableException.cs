namespace Rush.Platform.Messaging;

/// <summary>The broker could not take an event; the caller keeps it and retries later.</summary>
public sealed class EventLogUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EventLogUnavailableException(string message, Exception? inner = null) : base(message, inner)
    {
    }

    /// <summary>Creates the exception.</summary>
    public EventLogUnavailableException() : base("The event log is unavailable.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public EventLogUnavailableException(string message) : base(message)
    {
    }
}
