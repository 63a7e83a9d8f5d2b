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
    private readonly string _clientIdHeader;
    private long _lastUsed = Stopwatch.GetTimestamp();

    /// <summary>Creates the limiter of <paramref name="partition"/> under <paramref name="policy"/>.</summary>
    public RedisWindowLimiter(RatePolicy policy, string partition, RateLimitGate gate, IHttpContextAccessor http, string clientIdHeader = "X-Client-Id")
    {
        _policy = policy;
        _partition = partition;
        _gate = gate;
        _http = http;
        _clientIdHeader = clientIdHeader;
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
        var context = _http.HttpContext;
        var (policy, decision) = context is null
            ? (_policy, await _gate.DecideAsync(_policy, _partition, permitCount, cancellationToken).ConfigureAwait(false))
            : await AnonymousCapsAsync(context, permitCount, cancellationToken).ConfigureAwait(false)
              ?? (_policy, await _gate.DecideAsync(_policy, _partition, permitCount, cancellationToken).ConfigureAwait(false));

        // The middleware keeps the lease to itself, so the quota headers of a successful answer are
        // set here, before the endpoint runs (the request's context flows into this call).
        if (context is not null)
        {
            RateLimitHeaders.Apply(context.Response, policy, decision);
        }

        return new RateLimitDecisionLease(policy, decision);
    }

    // An anonymous caller also answers for its IP: how many client ids it names itself with, all its
    // requests together, and its longer-window cap (e.g. orders per day). The first refusal decides;
    // null when every cap admitted the request. A request refused by a later cap has still counted
    // against the earlier ones (one extra count, never one extra request let through).
    private async Task<(RatePolicy, RateLimitDecision)?> AnonymousCapsAsync(HttpContext context, int permits, CancellationToken ct)
    {
        if ((_policy.IpCap is null && _policy.MaxClientIdsPerIp is null && _policy.AnonymousCap is null) || !RatePartition.IsAnonymous(context))
        {
            return null;
        }

        var ip = RatePartition.Ip(context.Connection.RemoteIpAddress);
        var clientId = _policy.PartitionBy == RatePartitionBy.Client ? RatePartition.ValidClientId(context.Request.Headers[_clientIdHeader].ToString()) : null;
        if (clientId is not null && _policy.MaxClientIdsPerIp is { } maxIds)
        {
            var admitted = await _gate.AdmitClientIdAsync(_policy, ip, clientId, maxIds, ct).ConfigureAwait(false);
            if (!admitted.Allowed)
            {
                return (_policy, admitted);
            }
        }

        // Without a client id the request's own partition already is its IP.
        if (clientId is not null && _policy.IpCap is { } ipCap)
        {
            var perIp = await _gate.DecideAsync(ipCap, ip, permits, ct).ConfigureAwait(false);
            if (!perIp.Allowed)
            {
                return (ipCap, perIp);
            }
        }

        if (_policy.AnonymousCap is { } anonymous)
        {
            var perDay = await _gate.DecideAsync(anonymous, ip, permits, ct).ConfigureAwait(false);
            if (!perDay.Allowed)
            {
                return (anonymous, perDay);
            }
        }

        return null;
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
