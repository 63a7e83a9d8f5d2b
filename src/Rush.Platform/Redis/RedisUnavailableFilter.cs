using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Rush.Platform.Http;

namespace Rush.Platform.Redis;

/// <summary>
/// Answers a request whose handler hit <see cref="RedisUnavailableException"/> with 503
/// <c>redis_unavailable</c> and <c>Retry-After</c>, for routes that have no Redis fallback (seat holds).
/// </summary>
/// <remarks>
/// Why here and not only in the host's exception handler: that handler logs every request as an
/// unhandled error with its stack trace; during an outage at on-sale load that is thousands of lines a
/// second about one known condition (the breaker already logged it once). With the breaker open the
/// refusal costs no Redis round trip, so the client hears "try again in N s" at once instead of waiting
/// for a timeout. Nothing was decided: a seat is never held or sold on this path.
/// </remarks>
public static class RedisUnavailableFilter
{
    /// <summary>Problem code of the answer.</summary>
    public const string Code = "redis_unavailable";

    /// <summary>Adds the filter to every route of <paramref name="builder"/>.</summary>
    public static TBuilder RefuseWhileRedisIsUnavailable<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (RedisUnavailableException e)
            {
                return Refuse(context.HttpContext, e);
            }
        });
        return builder;
    }

    /// <summary>The 503 answer for <paramref name="error"/>, with <c>Retry-After</c> (whole seconds, at least 1).</summary>
    public static IResult Refuse(HttpContext context, RedisUnavailableException error)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        var seconds = Math.Max(1, (int)Math.Ceiling((error.RetryAfter ?? TimeSpan.FromSeconds(1)).TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return Problem.Result(context, 503, Code, "Redis is unavailable: nothing was held, reserved or sold. Retry shortly.");
    }
}
