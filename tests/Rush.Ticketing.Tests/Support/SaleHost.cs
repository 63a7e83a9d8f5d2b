using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Rush.Platform.Identity;
using Rush.Testing;
using Rush.Testing.Gateway;
using Rush.Testing.Servers;
using Rush.Ticketing.Payments;

namespace Rush.Ticketing.Tests.Support;

/// <summary>A Rush host with a small event of its own (one zone, <c>seats</c> seats) and, optionally, the real gateway simulator.</summary>
internal sealed class SaleHost : IAsyncDisposable
{
    public const string Password = "racer-password";

    private SaleHost(RushTestHost host, GatewaySimulatorProcess? gateway, long eventId, long[] seatIds)
    {
        Host = host;
        Gateway = gateway;
        EventId = eventId;
        SeatIds = seatIds;
    }

    public RushTestHost Host { get; }

    public GatewaySimulatorProcess? Gateway { get; }

    public long EventId { get; }

    public long[] SeatIds { get; }

    public BookingSweeper Sweeper => Host.Services.GetRequiredService<BookingSweeper>();

    public static async Task<SaleHost> StartAsync(
        TestServers servers, int seats = 20, IDictionary<string, string>? settings = null, bool gateway = true,
        ManualClock? clock = null, IReadOnlyDictionary<string, string>? gatewaySettings = null, TimeSpan? eventIn = null)
    {
        var simulator = gateway ? await GatewaySimulatorProcess.StartAsync(gatewaySettings) : null;
        var all = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Identity:PasswordIterations"] = "10000",
            // The sweeper runs when a test says so (SweepOnceAsync), not on its own.
            ["Ticketing:SweepInterval"] = "00:10:00",
        };
        if (simulator is not null)
        {
            all["Ticketing:Gateway:BaseUrl"] = simulator.ApiBaseUrl.ToString();
            all["Ticketing:Gateway:TeamSlug"] = GatewaySimulatorProcess.TeamSlug;
            all["Ticketing:Gateway:Password"] = simulator.Password;
            all["Ticketing:Gateway:WebhookSecret"] = simulator.WebhookSecret;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        var host = await RushTestHost.StartAsync(servers, all, clock);
        var now = clock?.GetUtcNow() ?? DateTimeOffset.UtcNow;
        var eventId = await ScalarAsync<long>(host, """
            insert into events_archive (title, description, type, provider, venue, event_date)
            values ('Test concert', 'A concert for tests', 'concert', 'rush', 'Test arena', $1) returning id
            """, now + (eventIn ?? TimeSpan.FromDays(30)));
        await using (var cmd = host.Database.CreateCommand("""
            insert into seats (event_id, zone, row, number, price)
            select $1, 'Golden circle', (g - 1) / 10 + 1, (g - 1) % 10 + 1, 1000 from generate_series(1, $2) g
            """))
        {
            cmd.Parameters.AddWithValue(eventId);
            cmd.Parameters.AddWithValue(seats);
            await cmd.ExecuteNonQueryAsync();
        }

        var seatIds = new List<long>();
        await using (var cmd = host.Database.CreateCommand("select id from seats where event_id = $1 order by id"))
        {
            cmd.Parameters.AddWithValue(eventId);
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                seatIds.Add(reader.GetInt64(0));
            }
        }

        return new SaleHost(host, simulator, eventId, [.. seatIds]);
    }

    /// <summary>Creates <paramref name="count"/> buyers sharing one password hash (one PBKDF2 for all, test data only).</summary>
    public async Task<Buyer[]> BuyersAsync(int count, string prefix = "buyer")
    {
        var hash = PasswordHasher.Hash(Password, 10_000);
        await using var cmd = Host.Database.CreateCommand("""
            insert into users (email, password_hash) select $1 || g || '@rush.test', $2 from generate_series(1, $3) g
            on conflict (email) do nothing
            """);
        cmd.Parameters.AddWithValue(prefix);
        cmd.Parameters.AddWithValue(hash);
        cmd.Parameters.AddWithValue(count);
        await cmd.ExecuteNonQueryAsync();
        return Enumerable.Range(1, count).Select(i => new Buyer(Host.Rest, string.Create(CultureInfo.InvariantCulture, $"{prefix}{i}@rush.test"), Password)).ToArray();
    }

    public async Task<T> ScalarAsync<T>(string sql, params object[] args) => await ScalarAsync<T>(Host, sql, args);

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }
    }

    private static async Task<T> ScalarAsync<T>(RushTestHost host, string sql, params object[] args)
    {
        await using var cmd = host.Database.CreateCommand(sql);
        foreach (var arg in args)
        {
            cmd.Parameters.AddWithValue(arg);
        }

        return (T)(await cmd.ExecuteScalarAsync())!;
    }
}

/// <summary>A signed-in buyer (Basic Auth) speaking seed 002's API.</summary>
internal sealed class Buyer(HttpClient http, string email, string password)
{
    private readonly AuthenticationHeaderValue _auth = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{email}:{password}")));

    public string Email => email;

    public async Task<long> CreateBookingAsync(long eventId)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/bookings", new { event_id = eventId });
        Assert.Equal(201, (int)response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    public Task<HttpResponseMessage> SelectAsync(long bookingId, long seatId) =>
        SendAsync(HttpMethod.Patch, "/api/seats/select", new { booking_id = bookingId, seat_id = seatId });

    public Task<HttpResponseMessage> ReleaseAsync(long seatId) => SendAsync(HttpMethod.Patch, "/api/seats/release", new { seat_id = seatId });

    public Task<HttpResponseMessage> InitiatePaymentAsync(long bookingId) =>
        SendAsync(HttpMethod.Patch, "/api/bookings/initiatePayment", new { booking_id = bookingId });

    public Task<HttpResponseMessage> CancelAsync(long bookingId) => SendAsync(HttpMethod.Patch, "/api/bookings/cancel", new { booking_id = bookingId });

    /// <summary>Starts the payment and returns the gateway's payment id.</summary>
    public async Task<string> PayAsync(long bookingId)
    {
        using var response = await InitiatePaymentAsync(bookingId);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("payment_id").GetString()!;
    }

    public async Task<JsonElement> GetAsync(string path)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async Task<string> BookingStatusAsync(long bookingId) =>
        (await GetAsync($"/api/bookings/{bookingId}/payment-status")).GetProperty("booking_status").GetString()!;

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = _auth;
        // An API client: initiatePayment answers JSON, not the 302 a browser gets.
        request.Headers.Accept.ParseAdd("application/json");
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await http.SendAsync(request);
    }
}
