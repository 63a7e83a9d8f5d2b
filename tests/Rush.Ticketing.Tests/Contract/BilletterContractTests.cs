using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Rush.Platform.Identity;
using Rush.Testing;
using Rush.Testing.Servers;
using Rush.Ticketing.Tests.Support;

namespace Rush.Ticketing.Tests.Contract;

/// <summary>Live answers checked against the Billetter API v1.1 shapes in <c>billetter-v1.1.schema.json</c>.</summary>
[Collection("servers")]
public sealed class BilletterContractTests(TestServers servers)
{
    private static readonly SchemaValidator Schema = SchemaValidator.Load(Path.Combine(AppContext.BaseDirectory, "Contract", "billetter-v1.1.schema.json"));

    [Fact]
    public async Task A_buyer_walking_the_v11_calls_gets_the_contract_shapes_and_codes()
    {
        await using var sale = await SaleHost.StartAsync(servers, settings: new Dictionary<string, string> { ["Ticketing:EnableReset"] = "true" });
        var buyers = await sale.BuyersAsync(2);
        var (buyer, rival) = (buyers[0], buyers[1]);

        AssertShape("events", await GetAsync(sale.Host.Rest, "/api/events?query=concert&page=1&pageSize=5"));
        AssertShape("events", await GetAsync(sale.Host.Rest, "/api/events/search?q=concert"));

        using var created = await buyer.SendAsync(HttpMethod.Post, "/api/bookings", new { event_id = sale.EventId });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var booking = AssertShape("bookingCreated", await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        using var seatsAnswer = await buyer.SendAsync(HttpMethod.Get, $"/api/seats?event_id={sale.EventId}&page=1&pageSize=20&row=1&status=FREE", null);
        var seats = AssertShape("seats", await seatsAnswer.Content.ReadFromJsonAsync<JsonElement>());
        Assert.Contains("rel=\"first\"", Assert.Single(seatsAnswer.Headers.GetValues("Link")), StringComparison.Ordinal);
        using (var rowOne = await buyer.SendAsync(HttpMethod.Get, $"/api/seats?event_id={sale.EventId}&row=1", null))
        {
            AssertShape("seats", await rowOne.Content.ReadFromJsonAsync<JsonElement>());
            Assert.Equal("10", Assert.Single(rowOne.Headers.GetValues("X-Total-Count")));
        }

        Assert.Equal("1000.00", seats[0].GetProperty("price").GetString());
        var seat = seats[0].GetProperty("id").GetInt64();

        using (var select = await buyer.SelectAsync(booking, seat))
        {
            Assert.Equal(HttpStatusCode.OK, select.StatusCode);
        }

        var rivalBooking = await rival.CreateBookingAsync(sale.EventId);
        await AssertProblemAsync(419, await rival.SelectAsync(rivalBooking, seat));
        await AssertProblemAsync(403, await rival.SelectAsync(booking, sale.SeatIds[5]));
        await AssertProblemAsync(403, await rival.ReleaseAsync(seat));
        await AssertProblemAsync(419, await rival.ReleaseAsync(sale.SeatIds[7]));
        await AssertProblemAsync(403, await rival.CancelAsync(booking));

        var bookings = AssertShape("bookings", await buyer.GetAsync("/api/bookings"));
        Assert.Equal(seat, bookings[0].GetProperty("seats")[0].GetProperty("id").GetInt64());

        using var redirect = await RedirectlessAsync(sale, buyer, booking);
        Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
        using var json = await buyer.InitiatePaymentAsync(booking);
        var started = AssertShape("paymentStarted", await json.Content.ReadFromJsonAsync<JsonElement>());
        Assert.Equal(redirect.Headers.Location!.ToString(), started.GetProperty("payment_url").GetString());

        AssertShape("analytics", await GetAsync(sale.Host.OperatorRest, $"/api/analytics?id={sale.EventId}"));
        using var cancel = await buyer.CancelAsync(booking);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        using var reset = await sale.Host.OperatorRest.PostAsync("/api/reset", null);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
    }

    [Fact]
    public async Task Basic_credentials_split_on_the_first_colon_and_emails_may_have_non_ascii_letters()
    {
        await using var sale = await SaleHost.StartAsync(servers, gateway: false);
        const string Email = "покупатель.ünïcode@пример.рф";
        const string Password = "pa:ss:wörd";
        await using (var cmd = sale.Host.Database.CreateCommand("insert into users (email, password_hash) values ($1, $2)"))
        {
            cmd.Parameters.AddWithValue(Email);
            cmd.Parameters.AddWithValue(PasswordHasher.Hash(Password, 10_000));
            await cmd.ExecuteNonQueryAsync();
        }

        var buyer = new Buyer(sale.Host.Rest, Email, Password);
        using var utf8 = await buyer.SendAsync(HttpMethod.Post, "/api/bookings", new { event_id = sale.EventId });
        using var wrongHalf = await new Buyer(sale.Host.Rest, Email, "pa").SendAsync(HttpMethod.Post, "/api/bookings", new { event_id = sale.EventId });

        Assert.Equal(HttpStatusCode.Created, utf8.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongHalf.StatusCode);
    }

    [Fact]
    public async Task Basic_credentials_from_a_client_sending_iso_8859_1_still_sign_in()
    {
        await using var sale = await SaleHost.StartAsync(servers, gateway: false);
        const string Email = "jürgen.müller@rush.test";
        const string Password = "grüße:123";
        await using (var cmd = sale.Host.Database.CreateCommand("insert into users (email, password_hash) values ($1, $2)"))
        {
            cmd.Parameters.AddWithValue(Email);
            cmd.Parameters.AddWithValue(PasswordHasher.Hash(Password, 10_000));
            await cmd.ExecuteNonQueryAsync();
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/bookings");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.Latin1.GetBytes($"{Email}:{Password}")));
        using var response = await sale.Host.Rest.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void The_schema_refuses_the_shapes_rush_answered_before_v11()
    {
        var wrapped = JsonDocument.Parse("""{"event_id":1,"page":1,"seats":[{"id":1,"row":1,"number":1,"status":"FREE","price":40000.0}]}""").RootElement;
        var numericPrice = JsonDocument.Parse("""[{"id":1,"row":1,"number":1,"status":"FREE","price":40000.0}]""").RootElement;
        var noRevenue = JsonDocument.Parse("""{"event_id":1,"total_seats":1,"sold_seats":0,"reserved_seats":0,"free_seats":1}""").RootElement;

        Assert.NotEmpty(Schema.Check("seats", wrapped));
        Assert.NotEmpty(Schema.Check("seats", numericPrice));
        Assert.Equal(2, Schema.Check("analytics", noRevenue).Count);
    }

    private static JsonElement AssertShape(string definition, JsonElement answer)
    {
        var errors = Schema.Check(definition, answer);
        Assert.True(errors.Count == 0, $"{definition}: {string.Join("; ", errors)}\n{answer.GetRawText()}");
        return answer;
    }

    private static async Task AssertProblemAsync(int status, HttpResponseMessage response)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(status == (int)response.StatusCode, $"expected {status}, got {(int)response.StatusCode}: {body}");
            AssertShape("problem", JsonDocument.Parse(body).RootElement);
        }
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    // A v1.1 client without Accept: application/json, not following the redirect.
    private static async Task<HttpResponseMessage> RedirectlessAsync(SaleHost sale, Buyer buyer, long booking)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = sale.Host.Rest.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Patch, "/api/bookings/initiatePayment") { Content = JsonContent.Create(new { booking_id = booking }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{buyer.Email}:{SaleHost.Password}")));
        return await client.SendAsync(request);
    }
}
