using System.Globalization;

namespace Rush.Drills.Harness;

/// <summary>Figures of a set of attempts: what the README's drill table reports.</summary>
public sealed record LoadSummary(
    int Sent,
    int Acknowledged,
    int Unanswered,
    IReadOnlyDictionary<string, int> Outcomes,
    TimeSpan P50,
    TimeSpan P99,
    TimeSpan Max)
{
    /// <summary>Share of attempts acknowledged (1 when none were sent).</summary>
    public double SuccessRatio => Sent == 0 ? 1 : (double)Acknowledged / Sent;

    /// <summary>Computes the figures.</summary>
    public static LoadSummary Of(IReadOnlyList<IntakeAttempt> attempts)
    {
        ArgumentNullException.ThrowIfNull(attempts);
        var latencies = attempts.Select(a => a.Elapsed).Order().ToList();
        return new LoadSummary(
            attempts.Count,
            attempts.Count(a => a.Acknowledged),
            attempts.Count(a => a.Unanswered),
            attempts.GroupBy(a => a.Outcome, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            Quantile(latencies, 0.50),
            Quantile(latencies, 0.99),
            latencies.Count == 0 ? TimeSpan.Zero : latencies[^1]);
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var outcomes = string.Join(", ", Outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key}: {o.Value}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"{Sent} sent, {Acknowledged} acknowledged ({SuccessRatio:P1}), {Unanswered} unanswered; outcomes {outcomes}; "
            + $"latency p50 {P50.TotalMilliseconds:0} ms, p99 {P99.TotalMilliseconds:0} ms, max {Max.TotalMilliseconds:0} ms");
    }

    private static TimeSpan Quantile(List<TimeSpan> sorted, double q) =>
        sorted.Count == 0 ? TimeSpan.Zero : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
}
