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
/// seat-holds: holds alone. <c>--connections</c> workers send <c>PATCH /api/seats/select</c> back to back, each for a
/// different free seat of event 1, and the run reports holds/s and the machine CPU per hold (whole-machine busy CPU
/// from /proc/stat minus the bench's own).
/// </summary>
/// <remarks>
/// A booking holds at most 10 seats and a user has at most 10 open bookings, so the run goes in rounds: <c>--users</c>
/// users (default 100) create 10 bookings each, the workers hold 10 seats per booking (timed, CPU measured), then the
/// bookings are cancelled, which frees the holds (not timed). Only the hold phases count. Seats come from one shuffled
/// list of the event's seats, so a round never asks for a seat held in the same round; a 419 would be a bug here.
/// Users are the seed's <c>user{n}@rush.local</c> / <c>password{n}</c> (Basic Auth, signed in once before the first round).
/// </remarks>
internal sealed class SeatHoldsScenario : IScenario
{
    private const int BookingsPerUser = 10;
    private const int SeatsPerBooking = 10;

    /// <inheritdoc />
    public string Name => "seat-holds";

    /// <inheritdoc />
    public string Description => "Holds alone: PATCH /api/seats/select back to back (holds/s, machine CPU µs per hold)";

    /// <inheritdoc />
    public BenchOptions Prepare(BenchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options with
        {
            Protocol = ProtocolSelection.Rest,
            NoBaseline = true,
            Mode = ModeSelection.Closed,
            Users = options.Given.Contains("users") ? options.Users : 100,
        };
    }

    /// <inheritdoc />
    public IEnumerable<KeyValuePair<string, string>> ExtraSettings(BenchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        yield return new("event", EventId.ToString(CultureInfo.InvariantCulture));
        yield return new("holds per round", (options.Users * BookingsPerUser * SeatsPerBooking).ToString("N0", CultureInfo.InvariantCulture));
    }

    /// <inheritdoc />
    public async Task<ScenarioResult> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.Options;
        using var http = BenchHttpClients.Http11(options.Connections + 8);
        // The first sign-in of a seeded user hashes its password twice (PBKDF2, ~25 ms of a core each on a quiet machine).
        http.Timeout = TimeSpan.FromMinutes(2);
        var users = Enumerable.Range(1, options.Users).Select(Auth).ToArray();
        var seats = await SeatIdsAsync(http, options.Target, options.Users * BookingsPerUser * SeatsPerBooking, cancellationToken).ConfigureAwait(false);
        await using var meter = await CpuMeter.StartAsync(options, context.Progress).ConfigureAwait(false);
        var load = ProcStat.LoadAverage();
        await context.Progress.WriteLineAsync($"seat-holds: {options.Connections} workers, {options.Users} users, {seats.Length:N0} seats, {options.Duration} of holds (load average {load:F1})").ConfigureAwait(false);

        await ForEachAsync(users, Environment.ProcessorCount, (auth, ct) => SignInAsync(http, options.Target, auth, ct), cancellationToken).ConfigureAwait(false);
        var run = new HoldRun(http, options.Target);
        var cursor = 0;
        var held = TimeSpan.Zero;
        var cpu = new List<CpuUsage>();
        while (held < options.Duration && !cancellationToken.IsCancellationRequested)
        {
            var bookings = await CreateBookingsAsync(http, options.Target, users, options.Connections, cancellationToken).ConfigureAwait(false);
            var work = new List<(AuthenticationHeaderValue Auth, byte[] Body)>(bookings.Count * SeatsPerBooking);
            foreach (var (auth, booking) in bookings)
            {
                for (var i = 0; i < SeatsPerBooking; i++, cursor = (cursor + 1) % seats.Length)
                {
                    work.Add((auth, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{{\"booking_id\":{booking},\"seat_id\":{seats[cursor]}}}"))));
                }
            }

            var start = await meter.SnapshotAsync().ConfigureAwait(false);
            await run.HoldAllAsync(work, options.Connections, cancellationToken).ConfigureAwait(false);
            var phase = CpuUsage.Between(start, await meter.SnapshotAsync().ConfigureAwait(false), meter.Processes, work.Count);
            cpu.Add(phase);
            held += TimeSpan.FromSeconds(phase.Seconds);
            await ForEachAsync(bookings, options.Connections, (b, ct) => CancelAsync(http, options.Target, b.Auth, b.Booking, ct), cancellationToken).ConfigureAwait(false);
        }

        return run.Report(CpuUsages.Combine(cpu), cpu.Count, meter.Notes, load);
    }

    private static long EventId => long.TryParse(Environment.GetEnvironmentVariable("RUSH_EVENT_ID"), out var n) && n > 0 ? n : 1;

    private static AuthenticationHeaderValue Auth(int n) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"user{n}@rush.local:password{n}"))));

    // Seat ids of a freshly seeded event are 1..N (see flash-sale); a round needs that many free seats.
    private static async Task<long[]> SeatIdsAsync(HttpClient http, Uri target, int perRound, CancellationToken ct)
    {
        var analytics = await http.GetFromJsonAsync<JsonElement>(new Uri(target, $"/api/analytics?id={EventId}"), ct).ConfigureAwait(false);
        var free = analytics.GetProperty("free_seats").GetInt64();
        var total = analytics.GetProperty("total_seats").GetInt64();
        if (free != total || total < perRound)
        {
            throw new BenchException($"event {EventId} has {free:N0} of {total:N0} seats free, a round needs {perRound:N0} of a fresh event: POST /api/reset as an operator (Ticketing__EnableReset=true) or lower --users.");
        }

        var ids = Enumerable.Range(1, (int)total).Select(i => (long)i).ToArray();
        Random.Shared.Shuffle(ids);
        return ids;
    }

    private static async Task SignInAsync(HttpClient http, Uri target, AuthenticationHeaderValue auth, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(target, "/api/v1/sessions/current"));
        request.Headers.Authorization = auth;
        using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new BenchException($"a seeded user cannot sign in ({(int)response.StatusCode}); seed at least --users users (./rush seed).");
        }
    }

    private static async Task<List<(AuthenticationHeaderValue Auth, long Booking)>> CreateBookingsAsync(
        HttpClient http, Uri target, AuthenticationHeaderValue[] users, int parallel, CancellationToken ct)
    {
        var wanted = users.SelectMany(u => Enumerable.Repeat(u, BookingsPerUser)).ToArray();
        var created = new (AuthenticationHeaderValue, long)[wanted.Length];
        await ForEachAsync(Enumerable.Range(0, wanted.Length), parallel, async (i, token) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(target, "/api/bookings")) { Content = JsonContent.Create(new { event_id = EventId }) };
            request.Headers.Authorization = wanted[i];
            using var response = await http.SendAsync(request, token).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.Created)
            {
                throw new BenchException($"POST /api/bookings answered {(int)response.StatusCode}: the users must have no open bookings (POST /api/reset first).");
            }

            created[i] = (wanted[i], (await response.Content.ReadFromJsonAsync<JsonElement>(token).ConfigureAwait(false)).GetProperty("id").GetInt64());
        }, ct).ConfigureAwait(false);
        return [.. created];
    }

    private static async Task CancelAsync(HttpClient http, Uri target, AuthenticationHeaderValue auth, long booking, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, new Uri(target, "/api/bookings/cancel")) { Content = JsonContent.Create(new { booking_id = booking }) };
        request.Headers.Authorization = auth;
        using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new BenchException($"PATCH /api/bookings/cancel answered {(int)response.StatusCode} for booking {booking}: its holds stay until they lapse.");
        }
    }

    private static Task ForEachAsync<T>(IEnumerable<T> items, int parallel, Func<T, CancellationToken, Task> body, CancellationToken ct) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = ct }, (item, token) => new ValueTask(body(item, token)));

    /// <summary>The hold phases of a run: counts and latencies.</summary>
    private sealed class HoldRun(HttpClient http, Uri target)
    {
        private readonly List<double> _latencies = [];
        private readonly Lock _gate = new();
        private long _held;
        private long _refused;
        private long _failed;

        public async Task HoldAllAsync(List<(AuthenticationHeaderValue Auth, byte[] Body)> work, int workers, CancellationToken ct)
        {
            var next = -1;
            var uri = new Uri(target, "/api/seats/select");
            await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
            {
                var mine = new List<double>(work.Count / workers + 1);
                for (var i = Interlocked.Increment(ref next); i < work.Count; i = Interlocked.Increment(ref next))
                {
                    using var request = new HttpRequestMessage(HttpMethod.Patch, uri) { Content = new ByteArrayContent(work[i].Body) };
                    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    request.Headers.Authorization = work[i].Auth;
                    var started = Stopwatch.GetTimestamp();
                    using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
                    await HttpBodies.DrainAsync(response.Content, ct).ConfigureAwait(false);
                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref _held);
                    }
                    else
                    {
                        Interlocked.Increment(ref (int)response.StatusCode == 419 ? ref _refused : ref _failed);
                    }
                }

                lock (_gate)
                {
                    _latencies.AddRange(mine);
                }
            })).ConfigureAwait(false);
        }

        public ScenarioResult Report(CpuUsage cpu, int rounds, IReadOnlyList<string> cpuNotes, double loadAverage)
        {
            var perSecond = _held / cpu.Seconds;
            var sorted = _latencies.Order().ToArray();
            double P(double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
            return new ScenarioResult
            {
                Summary =
                [
                    string.Create(CultureInfo.InvariantCulture, $"{_held:N0} holds in {rounds} rounds, {cpu.Seconds:F1} s of hold phases = {perSecond:N0} holds/s; {_refused:N0} answered 419, {_failed:N0} other answers"),
                    string.Create(CultureInfo.InvariantCulture, $"latency p50 {P(0.5):F1} ms, p95 {P(0.95):F1} ms, p99 {P(0.99):F1} ms"),
                    CpuReport.Describe(cpu, "hold attempt"),
                    string.Create(CultureInfo.InvariantCulture, $"load average (1 min) at the start: {loadAverage:F1}"),
                ],
                Targets =
                [
                    new TargetVerdict { Target = "≥ 15,000 seat holds/s", Met = perSecond >= 15_000, Detail = $"{perSecond:N0}/s" },
                    new TargetVerdict { Target = "every hold of a free seat answered 200", Met = _refused == 0 && _failed == 0, Detail = $"419: {_refused:N0}, other: {_failed:N0}" },
                ],
                Notes =
                [
                    "Run against a host with loopback exempt from rate limits (RateLimiting__ExemptNetworks__0=127.0.0.0/8) and a fresh event (POST /api/reset as an operator).",
                    "CPU is measured over the hold phases only (not the bookings and cancels between them), per hold attempt. " + CpuMeter.Explanation,
                    .. cpuNotes,
                ],
            };
        }
    }
}
