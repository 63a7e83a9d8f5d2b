using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Rush.Bench.Cli;
using Rush.Bench.Http;
using Rush.Bench.Reporting;

namespace Rush.Bench.Scenarios;

/// <summary>
/// seat-rush: buyers (one per <c>--connections</c>, default 50) start together, each lists free seats of event 1
/// (<c>status=FREE&amp;pageSize=5</c>), creates a booking, selects the first seat listed and checks that
/// <c>GET /api/bookings</c> shows it; then cancels (seats go back) and starts over until <c>--duration</c> ends.
/// </summary>
/// <remarks>
/// Measures whether the seat list spreads concurrent buyers over different seats: a success is a 200 select of the
/// first listed seat that the bookings list then shows; a 419 means two buyers were shown the same first seat.
/// Every round starts all buyers at once (a barrier), so each round is a real N-way race. Buyers are
/// <c>user{n}@rush.local</c> / <c>password{n}</c> (the seed's users); <c>RUSH_EVENT_ID</c> picks the event (default 1).
/// </remarks>
internal sealed class SeatRushScenario : IScenario
{
    private static readonly string[] Steps = ["list", "book", "select", "verify", "flow"];

    /// <inheritdoc />
    public string Name => "seat-rush";

    /// <inheritdoc />
    public string Description => "N buyers at once list free seats, book and select the first one (success %, 419 %, p95)";

    /// <inheritdoc />
    public BenchOptions Prepare(BenchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options with
        {
            Protocol = ProtocolSelection.Rest,
            NoBaseline = true,
            Mode = ModeSelection.Closed,
            Connections = options.Given.Contains("connections") ? options.Connections : 50,
        };
    }

    /// <inheritdoc />
    public IEnumerable<KeyValuePair<string, string>> ExtraSettings(BenchOptions options)
    {
        yield return new("event", EventId.ToString(CultureInfo.InvariantCulture));
    }

    /// <inheritdoc />
    public async Task<ScenarioResult> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.Options;
        using var http = BenchHttpClients.Http11(options.Connections + 8);
        http.Timeout = TimeSpan.FromSeconds(30);
        var run = new RushRun(http, options.Target, EventId);
        await context.Progress.WriteLineAsync($"seat-rush: {options.Connections} buyers racing for event {EventId}'s free seats for {options.Duration}").ConfigureAwait(false);

        // Sign every buyer in once first (untimed): the first Basic sign-in of a seeded user re-hashes its password.
        await Task.WhenAll(Enumerable.Range(1, options.Connections).Select(n => run.SignInAsync(n, cancellationToken))).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        var rounds = 0;
        while (clock.Elapsed < options.Duration && !cancellationToken.IsCancellationRequested)
        {
            var bookings = await Task.WhenAll(Enumerable.Range(1, options.Connections).Select(n => run.AttemptAsync(n, cancellationToken))).ConfigureAwait(false);
            await Task.WhenAll(bookings.Select((b, i) => run.CancelAsync(i + 1, b, cancellationToken))).ConfigureAwait(false);
            rounds++;
        }

        return run.Report(rounds, options.Connections);
    }

    private static long EventId => long.TryParse(Environment.GetEnvironmentVariable("RUSH_EVENT_ID"), out var n) && n > 0 ? n : 1;

    /// <summary>Counts and latencies of one run.</summary>
    private sealed class RushRun(HttpClient http, Uri target, long eventId)
    {
        private readonly ConcurrentDictionary<string, ConcurrentBag<double>> _latency = new(StringComparer.Ordinal);
        private long _attempts;
        private long _succeeded;
        private long _taken;
        private long _otherFailures;

        // One buyer's list -> book -> select first -> verify; returns the booking to cancel afterwards (0 = none).
        public async Task<long> AttemptAsync(int n, CancellationToken ct)
        {
            Interlocked.Increment(ref _attempts);
            var auth = Auth(n);
            var flow = Stopwatch.GetTimestamp();
            using var list = await SendAsync("list", HttpMethod.Get, $"/api/seats?event_id={eventId}&status=FREE&pageSize=5", null, auth, ct).ConfigureAwait(false);
            var seats = list.IsSuccessStatusCode ? await list.Content.ReadFromJsonAsync<JsonElement>(ct).ConfigureAwait(false) : default;
            if (seats.ValueKind != JsonValueKind.Array || seats.GetArrayLength() == 0)
            {
                Interlocked.Increment(ref _otherFailures);
                return 0;
            }

            var seat = seats[0].GetProperty("id").GetInt64();
            using var created = await SendAsync("book", HttpMethod.Post, "/api/bookings", new { event_id = eventId }, auth, ct).ConfigureAwait(false);
            if (created.StatusCode != HttpStatusCode.Created)
            {
                Interlocked.Increment(ref _otherFailures);
                return 0;
            }

            var booking = (await created.Content.ReadFromJsonAsync<JsonElement>(ct).ConfigureAwait(false)).GetProperty("id").GetInt64();
            using var select = await SendAsync("select", HttpMethod.Patch, "/api/seats/select", new { booking_id = booking, seat_id = seat }, auth, ct).ConfigureAwait(false);
            if (select.StatusCode != HttpStatusCode.OK)
            {
                Interlocked.Increment(ref (int)select.StatusCode == 419 ? ref _taken : ref _otherFailures);
                return booking;
            }

            using var mine = await SendAsync("verify", HttpMethod.Get, "/api/bookings", null, auth, ct).ConfigureAwait(false);
            var shown = mine.IsSuccessStatusCode && (await mine.Content.ReadFromJsonAsync<JsonElement>(ct).ConfigureAwait(false)).EnumerateArray()
                .Any(b => b.GetProperty("id").GetInt64() == booking && b.GetProperty("seats").EnumerateArray().Any(s => s.GetProperty("id").GetInt64() == seat));
            Interlocked.Increment(ref shown ? ref _succeeded : ref _otherFailures);
            _latency.GetOrAdd("flow", _ => []).Add(Stopwatch.GetElapsedTime(flow).TotalMilliseconds);
            return booking;
        }

        public async Task SignInAsync(int n, CancellationToken ct)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(target, "/api/v1/sessions/current"));
            request.Headers.Authorization = Auth(n);
            using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new BenchException($"user{n}@rush.local cannot sign in ({(int)response.StatusCode}); seed the users first (./rush seed).");
            }
        }

        // Gives the seat back so the next round races for the same best seats again (and open bookings stay under the limit).
        public async Task CancelAsync(int n, long booking, CancellationToken ct)
        {
            if (booking > 0)
            {
                using var response = await SendAsync("cancel", HttpMethod.Patch, "/api/bookings/cancel", new { booking_id = booking }, Auth(n), ct).ConfigureAwait(false);
            }
        }

        public ScenarioResult Report(int rounds, int buyers)
        {
            var attempts = Math.Max(1, Interlocked.Read(ref _attempts));
            var success = 100.0 * _succeeded / attempts;
            var taken = 100.0 * _taken / attempts;
            var p95 = Steps.Select(s => (Step: s, P95: Percentile(s, 0.95), Count: _latency.GetValueOrDefault(s)?.Count ?? 0)).ToList();
            return new ScenarioResult
            {
                Summary =
                [
                    string.Create(CultureInfo.InvariantCulture, $"{rounds} rounds of {buyers} buyers at once: {_attempts:N0} attempts, {success:F1} % got the first seat listed, {taken:F1} % answered 419, {_otherFailures:N0} other failures"),
                    .. p95.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Step}: {p.Count:N0}, p95 {p.P95:F1} ms")),
                ],
                Targets =
                [
                    new TargetVerdict { Target = "≥ 95 % of concurrent buyers get the first seat they were shown", Met = success >= 95, Detail = $"{success:F1} % (419: {taken:F1} %)" },
                    new TargetVerdict { Target = "p95 of the whole flow < 1 s", Met = p95.Single(p => p.Step == "flow").P95 < 1000, Detail = $"{p95.Single(p => p.Step == "flow").P95:F0} ms" },
                ],
                Notes =
                [
                    "Run against a host with loopback exempt from rate limits (RateLimiting__ExemptNetworks__0=127.0.0.0/8); the seed's users sign in with Basic Auth.",
                    "Each round cancels its bookings afterwards (not timed), so every round races for the same best free seats.",
                ],
            };
        }

        private static AuthenticationHeaderValue Auth(int n) =>
            new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"user{n}@rush.local:password{n}"))));

        private async Task<HttpResponseMessage> SendAsync(string step, HttpMethod method, string path, object? body, AuthenticationHeaderValue auth, CancellationToken ct)
        {
            using var request = new HttpRequestMessage(method, new Uri(target, path)) { Content = body is null ? null : JsonContent.Create(body) };
            request.Headers.Authorization = auth;
            request.Headers.Accept.ParseAdd("application/json");
            var started = Stopwatch.GetTimestamp();
            var response = await http.SendAsync(request, ct).ConfigureAwait(false);
            _latency.GetOrAdd(step, _ => []).Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return response;
        }

        private double Percentile(string step, double q)
        {
            var samples = _latency.GetValueOrDefault(step)?.ToArray() ?? [];
            if (samples.Length == 0)
            {
                return double.NaN;
            }

            Array.Sort(samples);
            return samples[Math.Min(samples.Length - 1, (int)(q * samples.Length))];
        }
    }
}
