using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Rush.Bench.Cli;
using Rush.Bench.Cpu;
using Rush.Bench.Http;
using Rush.Bench.Reporting;

namespace Rush.Bench.Scenarios;

/// <summary>
/// flash-sale: virtual users (one per <c>--connections</c>) each create a booking, hold seats of event 1, start the
/// payment and pay it at the gateway simulator, over and over until every seat is gone or <c>--duration</c> ends.
/// </summary>
/// <remarks>
/// Seats are taken from one shuffled list shared by all users (buyers pick all over the map), and every user also
/// tries one seat someone else already holds (a real rush collides), which must answer 419. Every 200 of a hold is
/// recorded: a seat that two bookings were told they hold is a double hold. At the end the event's analytics must
/// show every held-and-paid seat sold once. Environment: <c>RUSH_GATEWAY_URL</c> (simulator, default
/// http://127.0.0.1:8090), <c>RUSH_GATEWAY_ADMIN_TOKEN</c> (its <c>/admin</c> token; <c>./rush bench</c> passes the one
/// in .rush/gateway.env), <c>RUSH_SEATS_PER_BOOKING</c> (default 4), <c>RUSH_EVENT_ID</c> (default 1).
/// </remarks>
internal sealed class FlashSaleScenario : IScenario
{
    private static readonly string[] Kinds = ["create", "hold", "pay", "gateway"];

    /// <inheritdoc />
    public string Name => "flash-sale";

    /// <inheritdoc />
    public string Description => "Users race to book, hold and pay event 1's seats until it is sold out (holds/s, double holds, p95)";

    /// <inheritdoc />
    public BenchOptions Prepare(BenchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options with { Protocol = ProtocolSelection.Rest, NoBaseline = true, Mode = ModeSelection.Closed };
    }

    /// <inheritdoc />
    public IEnumerable<KeyValuePair<string, string>> ExtraSettings(BenchOptions options)
    {
        yield return new("gateway", Gateway.ToString());
        yield return new("seats per booking", SeatsPerBooking.ToString(CultureInfo.InvariantCulture));
        yield return new("event", EventId.ToString(CultureInfo.InvariantCulture));
    }

    /// <inheritdoc />
    public async Task<ScenarioResult> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.Options;
        using var http = BenchHttpClients.Http11(options.Connections + 8);
        http.Timeout = TimeSpan.FromSeconds(30);
        var run = new SaleRun(http, options.Target, Gateway, GatewayAdmin, EventId, await SeatIdsAsync(http, options.Target, cancellationToken).ConfigureAwait(false));
        await context.Progress.WriteLineAsync($"flash-sale: {run.SeatCount:N0} seats of event {EventId}, {options.Connections} users, up to {options.Duration}").ConfigureAwait(false);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Duration);
        await using var meter = await CpuMeter.StartAsync(options, context.Progress).ConfigureAwait(false);
        var load = ProcStat.LoadAverage();
        var cpu = await meter.SnapshotAsync().ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(1, options.Connections).Select(n => run.UserAsync(n, SeatsPerBooking, deadline.Token))).ConfigureAwait(false);
        var elapsed = clock.Elapsed;
        var sold = await SoldSeatsAsync(http, options.Target, run, cancellationToken).ConfigureAwait(false);
        // The sale is over when Postgres has every paid seat SOLD (webhooks included), not when the last buyer paid.
        var usage = CpuUsage.Between(cpu, await meter.SnapshotAsync().ConfigureAwait(false), meter.Processes, sold);
        return run.Report(elapsed, sold, clock.Elapsed, usage, meter.Notes, load);
    }

    private static Uri Gateway => new(Environment.GetEnvironmentVariable("RUSH_GATEWAY_URL") ?? "http://127.0.0.1:8090");

    private static AuthenticationHeaderValue GatewayAdmin => new("Bearer",
        Environment.GetEnvironmentVariable("RUSH_GATEWAY_ADMIN_TOKEN") is { Length: > 0 } token
            ? token
            : throw new BenchException("RUSH_GATEWAY_ADMIN_TOKEN is not set: the simulator's /admin needs it (./rush bench sets it from .rush/gateway.env)."));

    private static int SeatsPerBooking => int.TryParse(Environment.GetEnvironmentVariable("RUSH_SEATS_PER_BOOKING"), out var n) && n > 0 ? n : 4;

    private static long EventId => long.TryParse(Environment.GetEnvironmentVariable("RUSH_EVENT_ID"), out var n) && n > 0 ? n : 1;

    // The seat map through the public API would be 5,000 pages; analytics gives the count and seat ids of a
    // freshly seeded event 1 are 1..N (seed), which the run checks as it goes (404 = not a seat).
    private static async Task<long[]> SeatIdsAsync(HttpClient http, Uri target, CancellationToken ct)
    {
        var analytics = await http.GetFromJsonAsync<JsonElement>(new Uri(target, $"/api/analytics?id={EventId}"), ct).ConfigureAwait(false);
        var free = analytics.GetProperty("free_seats").GetInt64();
        var total = analytics.GetProperty("total_seats").GetInt64();
        if (free != total)
        {
            throw new BenchException($"event {EventId} has {total - free:N0} seats not free; POST /api/reset as an operator (Ticketing__EnableReset=true; operator@rush.local, password in .rush/host-secrets.env) or re-seed first.");
        }

        var ids = Enumerable.Range(1, (int)total).Select(i => (long)i).ToArray();
        Random.Shared.Shuffle(ids);
        return ids;
    }

    private static async Task<long> SoldSeatsAsync(HttpClient http, Uri target, SaleRun run, CancellationToken ct)
    {
        var wait = Stopwatch.StartNew();
        long sold;
        do
        {
            var analytics = await http.GetFromJsonAsync<JsonElement>(new Uri(target, $"/api/analytics?id={EventId}"), ct).ConfigureAwait(false);
            sold = analytics.GetProperty("sold_seats").GetInt64();
            if (sold >= run.PaidSeats)
            {
                break;
            }

            await Task.Delay(500, ct).ConfigureAwait(false);
        }
        while (wait.Elapsed < TimeSpan.FromSeconds(60));
        return sold;
    }

    /// <summary>State shared by the virtual users of one run.</summary>
    private sealed class SaleRun(HttpClient http, Uri target, Uri gateway, AuthenticationHeaderValue gatewayAdmin, long eventId, long[] seats)
    {
        private readonly ConcurrentDictionary<long, long> _held = new();
        private readonly ConcurrentDictionary<string, ConcurrentBag<double>> _latency = new(StringComparer.Ordinal);
        private int _next = -1;
        private long _lastHeld;
        private long _holds;
        private long _refused;
        private long _doubleHolds;
        private long _paidSeats;
        private long _failures;

        public int SeatCount => seats.Length;

        public long PaidSeats => Interlocked.Read(ref _paidSeats);

        public async Task UserAsync(int n, int perBooking, CancellationToken ct)
        {
            var auth = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"user{n}@rush.local:password{n}")));
            try
            {
                while (!ct.IsCancellationRequested && Volatile.Read(ref _next) < seats.Length)
                {
                    await BookingAsync(auth, perBooking, ct).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
            }
        }

        private async Task BookingAsync(AuthenticationHeaderValue auth, int perBooking, CancellationToken ct)
        {
            using var created = await SendAsync("create", HttpMethod.Post, "/api/bookings", new { event_id = eventId }, auth, ct).ConfigureAwait(false);
            if (created.StatusCode != HttpStatusCode.Created)
            {
                Interlocked.Increment(ref _failures);
                return;
            }

            var booking = (await created.Content.ReadFromJsonAsync<JsonElement>(ct).ConfigureAwait(false)).GetProperty("id").GetInt64();
            var mine = 0;
            // One deliberate collision per booking: a seat someone already holds must be refused.
            if (Volatile.Read(ref _lastHeld) is var taken and > 0)
            {
                await HoldAsync(booking, taken, auth, ct).ConfigureAwait(false);
            }

            while (mine < perBooking)
            {
                var i = Interlocked.Increment(ref _next);
                if (i >= seats.Length)
                {
                    break;
                }

                mine += await HoldAsync(booking, seats[i], auth, ct).ConfigureAwait(false) ? 1 : 0;
            }

            if (mine == 0)
            {
                return;
            }

            using var pay = await SendAsync("pay", HttpMethod.Patch, "/api/bookings/initiatePayment", new { booking_id = booking }, auth, ct).ConfigureAwait(false);
            if (!pay.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref _failures);
                return;
            }

            var paymentId = (await pay.Content.ReadFromJsonAsync<JsonElement>(ct).ConfigureAwait(false)).GetProperty("payment_id").GetString();
            // Not cancelled by the sale's deadline: the simulator may complete a payment (and Rush sell its seats)
            // whose call the bench abandoned, and "every paid seat sold once" would count it sold but not paid.
            using var paid = await SendAsync("gateway", HttpMethod.Post, new Uri(gateway, $"/admin/payments/{paymentId}/complete").ToString(),
                new { outcome = "success" }, gatewayAdmin, CancellationToken.None).ConfigureAwait(false);
            if (paid.IsSuccessStatusCode)
            {
                Interlocked.Add(ref _paidSeats, mine);
            }
            else
            {
                Interlocked.Increment(ref _failures);
            }
        }

        private async Task<bool> HoldAsync(long booking, long seat, AuthenticationHeaderValue auth, CancellationToken ct)
        {
            using var response = await SendAsync("hold", HttpMethod.Patch, "/api/seats/select", new { booking_id = booking, seat_id = seat }, auth, ct).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                Interlocked.Increment(ref _holds);
                Volatile.Write(ref _lastHeld, seat);
                if (_held.GetOrAdd(seat, booking) != booking)
                {
                    Interlocked.Increment(ref _doubleHolds);
                }

                return true;
            }

            if ((int)response.StatusCode == 419)
            {
                Interlocked.Increment(ref _refused);
            }
            else
            {
                Interlocked.Increment(ref _failures);
            }

            return false;
        }

        private async Task<HttpResponseMessage> SendAsync(string kind, HttpMethod method, string path, object body, AuthenticationHeaderValue? auth, CancellationToken ct)
        {
            using var request = new HttpRequestMessage(method, new Uri(target, path)) { Content = JsonContent.Create(body) };
            request.Headers.Authorization = auth;
            // initiatePayment answers JSON only when asked (Billetter v1.1: a 302 to the payment form otherwise).
            request.Headers.Accept.ParseAdd("application/json");
            var started = Stopwatch.GetTimestamp();
            var response = await http.SendAsync(request, ct).ConfigureAwait(false);
            _latency.GetOrAdd(kind, _ => []).Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return response;
        }

        public ScenarioResult Report(TimeSpan elapsed, long sold, TimeSpan settled, CpuUsage cpu, IReadOnlyList<string> cpuNotes, double loadAverage)
        {
            var p95 = Kinds.Select(k => (Kind: k, P95: Percentile(k, 0.95), P50: Percentile(k, 0.50), Count: _latency.GetValueOrDefault(k)?.Count ?? 0)).ToList();
            var holdsPerSecond = _holds / elapsed.TotalSeconds;
            var attempts = _holds + _refused + _failures;
            var soldOut = Volatile.Read(ref _next) >= seats.Length;
            return new ScenarioResult
            {
                Summary =
                [
                    string.Create(CultureInfo.InvariantCulture, $"{_holds:N0} seat holds in {elapsed.TotalSeconds:F1} s = {holdsPerSecond:N0} holds/s; {_refused:N0} refused with 419 (collisions), {_failures:N0} other failures"),
                    string.Create(CultureInfo.InvariantCulture, $"paid seats {PaidSeats:N0}, sold in Postgres {sold:N0} (of {seats.Length:N0}) after {settled.TotalSeconds:F1} s; sold out: {soldOut}; double holds: {_doubleHolds}"),
                    CpuReport.Describe(cpu, "sold seat"),
                    string.Create(CultureInfo.InvariantCulture, $"load average (1 min) at the start: {loadAverage:F1}"),
                    .. p95.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Kind}: {p.Count:N0} requests, p50 {p.P50:F1} ms, p95 {p.P95:F1} ms")),
                ],
                Targets =
                [
                    new TargetVerdict
                    {
                        Target = "100,000 seats sold out (SOLD in Postgres) in ≤ 60 s",
                        Met = soldOut && sold == seats.Length ? settled <= TimeSpan.FromSeconds(60) : null,
                        Detail = string.Create(CultureInfo.InvariantCulture, $"{sold:N0} sold after {settled.TotalSeconds:F1} s ({holdsPerSecond:N0} holds/s)"),
                    },
                    new TargetVerdict { Target = "0 double holds", Met = _doubleHolds == 0, Detail = $"{_doubleHolds}" },
                    new TargetVerdict { Target = "every paid seat sold exactly once", Met = sold == PaidSeats, Detail = $"paid {PaidSeats:N0}, sold {sold:N0}" },
                    new TargetVerdict { Target = "event sold out (exactly all seats)", Met = soldOut ? sold == seats.Length : null, Detail = $"{sold:N0} of {seats.Length:N0}" },
                    new TargetVerdict { Target = "p95 < 1 s for every request type", Met = p95.All(p => p.P95 < 1000), Detail = string.Join(", ", p95.Select(p => $"{p.Kind} {p.P95:F0} ms")) },
                    new TargetVerdict { Target = "success ratio of holds", Met = null, Detail = attempts == 0 ? "n/a" : $"{100.0 * _holds / attempts:F1} %" },
                ],
                Notes =
                [
                    "Run against a host with loopback exempt from rate limits (RateLimiting__ExemptNetworks__0=127.0.0.0/8) and a fresh event (POST /api/reset as an operator, with Ticketing__EnableReset=true).",
                    "gateway = the simulator's admin 'complete' call (the buyer paying); the booking becomes paid through the signed webhooks.",
                    "CPU is measured over the whole sale (bookings, holds, payments, webhooks) and divided by the seats sold. " + CpuMeter.Explanation,
                    .. cpuNotes,
                ],
            };
        }

        private double Percentile(string kind, double q)
        {
            var samples = _latency.GetValueOrDefault(kind)?.ToArray() ?? [];
            if (samples.Length == 0)
            {
                return double.NaN;
            }

            Array.Sort(samples);
            return samples[Math.Min(samples.Length - 1, (int)(q * samples.Length))];
        }
    }
}
