using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Rush.Platform.Identity;
using Rush.Testing;
using Rush.Testing.Servers;
using StackExchange.Redis;

namespace Rush.Host.Tests.Security;

/// <summary>
/// Every mapped REST route, called the way an attacker or a broken client would: malformed JSON, wrong
/// types, huge values, oversized bodies, bad route and query values, missing or wrong credentials and
/// another user's ids. The routes are read from the host's own endpoint table, so a route added later is
/// swept without editing this test.
/// </summary>
[Collection("servers")]
public sealed class BadInputSweepTests(TestServers servers)
{
    private const string Password = "sweep-password-1";
    private const string OwnerEmail = "owner@sweep.test";
    private const string IntruderEmail = "intruder@sweep.test";

    // Every field name a Rush request body knows, each given a value of the wrong type or a hostile size.
    private static readonly string[] FieldNames =
    [
        "customerId", "pizzaName", "quantity", "customerFirstName", "customerLastName", "customerPhone",
        "deliveryAddress", "isPickup", "items", "status", "expectedVersion", "event_id", "booking_id", "seat_id",
        "email", "password", "member", "score", "members", "name", "id", "menuItemId",
    ];

    private static readonly HashSet<string> Pages = ["/kds", "/kds/expo", "/erp", "/ops"];

    private static readonly string[] RouteValues = ["abc", "-1", "0", "99999999999999999999999", new string('9', 300), "%00", "1e9"];

    private static readonly string[] QueryStrings =
    [
        "?page=-1&pageSize=1000000&limit=-5&event_id=abc&id=abc",
        "?page=99999999999&pageSize=abc&date_from=notadate&date_to=9999-12-31&date=31.02.2026",
        "?status=BOGUS&row=-7&type=%00&provider=" + new string('x', 2000) + "&query=" + new string('a', 2000),
        "?station=../../etc/passwd&limit=2147483648&event_id=9223372036854775808",
    ];

    [Fact]
    public async Task No_route_answers_5xx_or_changes_state_on_bad_input_and_every_refusal_has_a_problem_code()
    {
        await using var host = await RushTestHost.StartAsync(servers, new Dictionary<string, string>
        {
            ["Identity:PasswordIterations"] = "10000",
            // The owner's seat hold must outlive the sweep, or its expiry would read as a state change.
            ["Ticketing:HoldTtl"] = "00:59:00",
        });
        var users = host.Services.GetRequiredService<UserDirectory>();
        await users.SetAsync(OwnerEmail, Password, RushRoles.Customer, default);
        await users.SetAsync(IntruderEmail, Password, RushRoles.Customer, default);
        var owned = await SeedOwnedStateAsync(host);

        var before = await SnapshotAsync(host);
        var failures = new List<(string Template, string Request, string Wrong)>();
        var calls = 0;
        foreach (var (method, template) in RoutesOf(host))
        {
            // Screen pages are for browsers: refused callers get the HTML sign-in form, not a problem body.
            var page = Pages.Contains(template);
            foreach (var request in RequestsFor(method, template, owned))
            {
                calls++;
                var described = $"{method} {Shorten(request.RequestUri!.ToString())} [{Describe(request)}]";
                using (request)
                {
                    try
                    {
                        using var response = await host.Rest.SendAsync(request);
                        if (await CheckAsync(response, page) is { } wrong)
                        {
                            failures.Add((method + template, described, wrong));
                        }
                    }
                    catch (HttpRequestException e)
                    {
                        failures.Add((method + template, described, $"connection failed ({e.InnerException?.Message ?? e.Message})"));
                    }
                }
            }
        }

        var after = await SnapshotAsync(host);
        Assert.True(calls > 1000, $"only {calls} calls were made: the route table was not read");
        // One line per route and kind of wrong answer, so a report shows every distinct defect.
        var distinct = failures.DistinctBy(f => f.Template + f.Wrong[..Math.Min(f.Wrong.Length, 40)]).Select(f => $"{f.Request}: {f.Wrong}").ToList();
        Assert.True(failures.Count == 0, $"{failures.Count} of {calls} answers were wrong, {distinct.Count} distinct:\n" + string.Join('\n', distinct.Take(80)));
        var changed = after.Split('\n').Except(before.Split('\n')).Select(line => line.Split('=')[0]).ToList();
        Assert.True(changed.Count == 0, "bad input changed state in: " + string.Join(", ", changed));
    }

    private static IEnumerable<(string Method, string Template)> RoutesOf(RushTestHost host)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            // Endpoints bound to another port (gRPC) are swept by the gRPC tests.
            if (endpoint.Metadata.GetMetadata<IHostMetadata>() is { Hosts.Count: > 0 })
            {
                continue;
            }

            var template = "/" + endpoint.RoutePattern.RawText?.TrimStart('/');
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            foreach (var method in methods)
            {
                // gRPC methods are served on their own port and swept by the gRPC tests; reset is only
                // reachable where enabled (it is the one route whose purpose is to change state).
                // The OpenAPI document route belongs to the framework (plain-text 404 for an unknown document name).
                if (template.StartsWith("/rush.", StringComparison.Ordinal) || template.StartsWith("/grpc.", StringComparison.Ordinal) ||
                    template == "/api/reset" || template.StartsWith("/openapi/", StringComparison.Ordinal) || !seen.Add(method + " " + template))
                {
                    continue;
                }

                yield return (method, template);
            }
        }
    }

    private static string FillRoute(string template, string value)
    {
        var path = new StringBuilder();
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            if (open < 0)
            {
                path.Append(template, i, template.Length - i);
                break;
            }

            path.Append(template, i, open - i).Append(Uri.EscapeDataString(value));
            i = template.IndexOf('}', open) + 1;
        }

        return path.ToString();
    }

    private static IEnumerable<HttpRequestMessage> RequestsFor(string method, string template, OwnedState owned)
    {
        var http = new HttpMethod(method);
        var hasBody = method is not ("GET" or "DELETE" or "HEAD");
        var auths = new Func<HttpRequestMessage, HttpRequestMessage>[]
        {
            r => r,
            r => WithBasic(r, IntruderEmail, Password),
            r => WithHeader(r, "Authorization", "Basic !!!not-base64"),
            r => WithHeader(r, "Authorization", "Bearer " + new string('x', 300)),
            r => WithHeader(r, "X-Api-Key", "rk_" + new string('z', 40)),
        };

        // Every kind of bad input, under every kind of caller, on the route filled with a bad id.
        var path = FillRoute(template, RouteValues[0]);
        foreach (var auth in auths)
        {
            foreach (var query in QueryStrings)
            {
                yield return auth(new HttpRequestMessage(http, path + query));
            }

            if (hasBody)
            {
                foreach (var body in Bodies())
                {
                    yield return auth(new HttpRequestMessage(http, path) { Content = body });
                }
            }
        }

        if (hasBody)
        {
            // Expect: 100-continue lets the server refuse before the body is sent, as a real client would.
            var oversized = new HttpRequestMessage(http, path) { Content = new ByteArrayContent(new byte[2 * 1024 * 1024]) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } } };
            oversized.Headers.ExpectContinue = true;
            yield return oversized;
        }

        // Bad and foreign ids in the route, and well-formed requests on the owner's things, anonymously
        // and as another customer: refused, and nothing changes.
        if (!template.Contains('{', StringComparison.Ordinal) && !hasBody)
        {
            yield break;
        }

        // No event id: booking an event is something any customer may do, so it would not be a refusal.
        var foreign = $$"""{"booking_id":{{owned.BookingId}},"seat_id":{{owned.SeatId}},"status":"cancelled","expectedVersion":1}""";
        foreach (var value in RouteValues.Append(owned.OrderId).Append(owned.BookingId.ToString(CultureInfo.InvariantCulture)))
        {
            var target = FillRoute(template, value);
            foreach (var auth in auths.Take(2))
            {
                yield return auth(hasBody ? new HttpRequestMessage(http, target) { Content = Json(foreign) } : new HttpRequestMessage(http, target));
            }
        }
    }

    private static IEnumerable<HttpContent> Bodies()
    {
        yield return Json("{");
        yield return Json("[]");
        yield return Json("null");
        yield return Json("\"text\"");
        yield return Json("{" + string.Join(',', FieldNames.Select(f => $"\"{f}\":{{\"nested\":[true]}}")) + "}");
        yield return Json("{" + string.Join(',', FieldNames.Select(f => $"\"{f}\":\"not a number\"")) + "}");
        yield return Json("{" + string.Join(',', FieldNames.Select(f => $"\"{f}\":1e309")) + "}");
        yield return Json("{" + string.Join(',', FieldNames.Select(f => $"\"{f}\":-9223372036854775809")) + "}");
        yield return Json("{" + string.Join(',', FieldNames.Select(f => $"\"{f}\":\"{new string('Щ', 20_000)}\"")) + "}");
        yield return Json("{\"customerId\":1,\"pizzaName\":\"Пицца Классическая\",\"quantity\":2147483647,\"customerFirstName\":\"\\u0000\",\"customerPhone\":\"+7\"}");
        yield return new StringContent("{\"quantity\":1}", Encoding.UTF8, "text/plain");
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static HttpRequestMessage WithBasic(HttpRequestMessage request, string email, string password) =>
        WithHeader(request, "Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{email}:{password}")));

    private static HttpRequestMessage WithHeader(HttpRequestMessage request, string name, string value)
    {
        request.Headers.TryAddWithoutValidation(name, value);
        return request;
    }

    /// <summary>Null when the answer is acceptable; otherwise what is wrong with it.</summary>
    private static async Task<string?> CheckAsync(HttpResponseMessage response, bool page)
    {
        var status = (int)response.StatusCode;
        if (status >= 500)
        {
            return $"{status} {Shorten(await response.Content.ReadAsStringAsync())}";
        }

        if (status < 400 || response.StatusCode == HttpStatusCode.MethodNotAllowed)
        {
            return null;
        }

        var type = response.Content.Headers.ContentType?.MediaType;
        if (page && type == "text/html" && status is 401 or 403)
        {
            return null;
        }

        if (type != "application/problem+json")
        {
            return $"{status} with content type '{type}', not problem details";
        }

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String && code.GetString()!.Length > 0
            ? null
            : $"{status} problem without a code";
    }

    private static string Describe(HttpRequestMessage request)
    {
        var auth = request.Headers.Authorization?.ToString() ?? (request.Headers.Contains("X-Api-Key") ? "api-key" : "anonymous");
        var body = request.Content switch
        {
            null => "no body",
            StringContent => "text body",
            _ => "2 MB body",
        };
        return $"{Shorten(auth)}; {body}";
    }

    private static string Shorten(string text) => text.Length <= 100 ? text : text[..100] + "…";

    private sealed record OwnedState(string OrderId, long BookingId, long SeatId);

    /// <summary>An order, and the owner's booking holding a seat: the ids the intruder tries.</summary>
    private static async Task<OwnedState> SeedOwnedStateAsync(RushTestHost host)
    {
        using var order = await host.Rest.PostAsync("/api/v1/orders", Json("""
            {"customerId":12345,"pizzaName":"Пицца Классическая","quantity":1,"customerFirstName":"Иван","customerPhone":"+79001234567","deliveryAddress":"ул. Ленина, д. 1","isPickup":false}
            """));
        Assert.Equal(HttpStatusCode.Created, order.StatusCode);
        var orderId = JsonDocument.Parse(await order.Content.ReadAsStringAsync()).RootElement.GetProperty("orderId").GetString()!;

        await using var insert = host.Database.CreateCommand("""
            with e as (insert into events_archive (title, description, type, provider, venue, event_date)
                       values ('Sweep concert', 'For the bad-input sweep', 'concert', 'rush', 'Arena', now() + interval '30 days') returning id)
            insert into seats (event_id, zone, row, number, price) select e.id, 'Floor', 1, g, 1000 from e, generate_series(1, 5) g
            returning event_id, id
            """);
        await using var reader = await insert.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var (eventId, seatId) = (reader.GetInt64(0), reader.GetInt64(1));
        await reader.DisposeAsync();

        using var booking = await host.Rest.SendAsync(WithBasic(new HttpRequestMessage(HttpMethod.Post, "/api/bookings") { Content = Json($$"""{"event_id":{{eventId}}}""") }, OwnerEmail, Password));
        Assert.True(booking.IsSuccessStatusCode, $"booking: {(int)booking.StatusCode} {await booking.Content.ReadAsStringAsync()}");
        var created = JsonDocument.Parse(await booking.Content.ReadAsStringAsync()).RootElement;
        var bookingId = (created.TryGetProperty("id", out var id) ? id : created.GetProperty("booking_id")).GetInt64();

        using var hold = await host.Rest.SendAsync(WithBasic(new HttpRequestMessage(HttpMethod.Patch, "/api/seats/select") { Content = Json($$"""{"booking_id":{{bookingId}},"seat_id":{{seatId}}}""") }, OwnerEmail, Password));
        Assert.True(hold.IsSuccessStatusCode, $"hold: {(int)hold.StatusCode} {await hold.Content.ReadAsStringAsync()}");
        return new OwnedState(orderId, bookingId, seatId);
    }

    /// <summary>A fingerprint of every Rush table and of the Redis key families that hold domain state.</summary>
    private static async Task<string> SnapshotAsync(RushTestHost host)
    {
        var parts = new List<string>();
        var tables = new List<string>();
        await using (var cmd = host.Database.CreateCommand("""
            select quote_ident(schemaname) || '.' || quote_ident(tablename) from pg_tables
            where schemaname not in ('pg_catalog', 'information_schema')
              -- Reads are counted by design (view counters); a counted read is not a change made by bad input.
              and tablename not like 'view_counter%' order by 1
            """))
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        foreach (var table in tables)
        {
            await using var cmd = host.Database.CreateCommand($"select count(*) || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') from {table} t");
            parts.Add(table + "=" + await cmd.ExecuteScalarAsync());
        }

        using var redis = await ConnectionMultiplexer.ConnectAsync(host.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()["ConnectionStrings:Redis"]!);
        foreach (var pattern in new[] { "order:*", "erp:*", "slot*", "seat:*", "booking:*", "leaderboard*", "orders:*" })
        {
            var keys = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync("return redis.call('keys', ARGV[1])", null, [pattern]))!;
            parts.Add(pattern + "=" + string.Join(',', keys.Select(k => (string)k!).Order(StringComparer.Ordinal)));
        }

        return string.Join('\n', parts);
    }
}
