namespace Rush.Platform.Observability;

/// <summary>What the ops page shows (<c>GET /api/v1/ops/summary</c>): recent HTTP rates, latency, errors, breakers and dependencies.</summary>
/// <param name="WindowSeconds">How far back <paramref name="Points"/> reach.</param>
/// <param name="Now">The figures over the last few seconds.</param>
/// <param name="Points">One point per sample (about one per second), oldest first.</param>
/// <param name="Breakers">Every circuit breaker that reported a state.</param>
/// <param name="Dependencies">Each dependency's last health check.</param>
public sealed record OpsSummary(int WindowSeconds, OpsPoint Now, IReadOnlyList<OpsPoint> Points, IReadOnlyList<OpsBreaker> Breakers, IReadOnlyList<OpsDependency> Dependencies);

/// <summary>HTTP traffic over one interval (scrapes, health probes and the ops page itself excluded).</summary>
/// <param name="SecondsAgo">End of the interval, seconds before the summary was made.</param>
/// <param name="RequestsPerSecond">Requests answered per second.</param>
/// <param name="P95Seconds">95th percentile of request duration; null without requests.</param>
/// <param name="ErrorRate">Share of requests answered 5xx, 0..1.</param>
public sealed record OpsPoint(double SecondsAgo, double RequestsPerSecond, double? P95Seconds, double ErrorRate);

/// <summary>A circuit breaker's state.</summary>
/// <param name="Name">The breaker's name.</param>
/// <param name="State"><c>closed</c>, <c>half-open</c> or <c>open</c>.</param>
/// <param name="Value">0, 1 or 2 (as the gauge).</param>
public sealed record OpsBreaker(string Name, string State, int Value);

/// <summary>A dependency's last periodic health check.</summary>
/// <param name="Name">The health check's name (postgres, redis, rabbitmq, ...).</param>
/// <param name="Up">True when it was healthy.</param>
public sealed record OpsDependency(string Name, bool Up);
