using System.Diagnostics;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;

namespace Rush.Platform.RateLimiting;

/// <summary>
/// The <see cref="RateLimiter"/> of one partition (one IP, user or client under one policy), as
/// <c>RateLimitPartition.Get</c> creates it. It holds no count: the count lives in Redis (or, during
/// an outage, in <see cref="LocalWindowStore"/>), so instances share it and the middleware may drop
/// idle limiters at any time.
/// </summary>
/// <remarks>
/// <see cref="RateLimiter.AttemptAcquire"/> is synchronous and must not block a request thread on
/// Redis, so it answers "not acquired" without Retry-After, and never counts. ASP.NET Core's
/// middleware then calls <see cref="RateLimiter.AcquireAsync"/> (it tries AttemptAcquire first and
/// awaits AcquireAsync when that fails), which makes the real decision. Code that only ever calls
/// AttemptAcquire would be refused; use AcquireAsync.
/// </remarks>
public sealed class RedisWindowLimiter : RateLimiter
{
    private static readonly RateLimitLease Deferred = new DeferredLease();
    private readonly RatePolicy _policy;
    private readonly string _partition;
    private readonly RateLimitGate _gate;
    private readonly IHttpContextAccessor _http;
    private long _lastUsed = Stopwatch.GetTimestamp();

    /// <summary>Creates the limiter of <paramref name="partition"/> under <paramref name="policy"/>.</summary>
    public RedisWindowLimiter(RatePolicy policy, string partition, RateLimitGate gate, IHttpContextAccessor http)
    {
        _policy = policy;
        _partition = partition;
        _gate = gate;
        _http = http;
    }

    /// <inheritdoc />
    public override TimeSpan? IdleDuration => Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastUsed));

    /// <inheritdoc />
    public override RateLimiterStatistics? GetStatistics() => null;

    /// <inheritdoc />
    protected override RateLimitLease AttemptAcquireCore(int permitCount) => Deferred;

    /// <inheritdoc />
    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _lastUsed, Stopwatch.GetTimestamp());
        var decision = await _gate.DecideAsync(_policy, _partition, permitCount, cancellationToken).ConfigureAwait(false);

        // The middleware keeps the lease to itself, so the quota headers of a successful answer are
        // set here, before the endpoint runs (the request's context flows into this call).
        if (_http.HttpContext is { } context)
        {
            RateLimitHeaders.Apply(context.Response, _policy, decision);
        }

        return new RateLimitDecisionLease(_policy, decision);
    }

    private sealed class DeferredLease : RateLimitLease
    {
        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
