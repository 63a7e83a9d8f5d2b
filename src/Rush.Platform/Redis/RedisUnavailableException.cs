using StackExchange.Redis;

namespace Rush.Platform.Redis;

/// <summary>
/// Redis cannot serve the call: the breaker is open (the call was never sent), or the call failed for
/// an availability reason (no connection, timeout, a server that is loading or read-only after a failover).
/// </summary>
/// <remarks>
/// A <see cref="RedisException"/>, so every existing <c>catch (RedisException)</c> fallback keeps
/// working; callers that need to tell "Redis is away" from a script or data error catch this type.
/// The original exception, when there is one, is the inner exception.
/// </remarks>
public sealed class RedisUnavailableException : RedisException
{
    /// <summary>Creates the exception.</summary>
    public RedisUnavailableException(string message, Exception? inner, TimeSpan? retryAfter)
        : base(message, inner!)
    {
        RetryAfter = retryAfter;
    }

    /// <summary>Creates the exception.</summary>
    public RedisUnavailableException(string message, Exception? inner)
        : this(message, inner, null)
    {
    }

    /// <summary>Creates the exception.</summary>
    public RedisUnavailableException(string message)
        : this(message, null, null)
    {
    }

    /// <summary>Creates the exception.</summary>
    public RedisUnavailableException()
        : this("Redis is unavailable.", null, null)
    {
    }

    /// <summary>When the breaker will probe Redis again, if it is open; a hint for <c>Retry-After</c>.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>True when the open breaker rejected the call without sending it to Redis.</summary>
    public bool RejectedByBreaker => InnerException is Polly.CircuitBreaker.BrokenCircuitException;
}
