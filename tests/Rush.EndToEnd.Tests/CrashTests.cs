using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;
using RabbitMQ.Client;
using Rush.Contracts.Kitchen.V1;
using Rush.EndToEnd.Tests.Support;
using Rush.Testing;
using Rush.Testing.Servers;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Rush.EndToEnd.Tests;

/// <summary>
/// "Durable before acknowledged" under a real crash: Rush.Host runs as its own OS process, takes a burst of
/// orders, and is SIGKILLed in the middle of it. After a restart on the same database, every order it
/// acknowledged must be stored and published, a retry of an unanswered request must not create a second
/// order, and capacity reserved for orders that were never committed must be given back.
/// </summary>
[Collection("servers")]
public sealed partial class CrashTests(TestServers servers, ITestOutputHelper output)
{
    private const string Exchange = "pizza-orders";
    private const int Total = 2_000;
    private const int Workers = 64;
    private const int AcknowledgedBeforeKill = 300;
    private const int MidIntakeBeforeKill = 16;
    private const string PendingReservations = "slot:reservations:pending";

    private static readonly string[] Pizzas = ["Маргарита", "Пепперони", "Кола 0.5", "Пицца Классическая"];

    [Fact]
    public async Task Sigkill_during_order_burst_loses_no_acknowledged_order_duplicates_none_and_leaks_no_capacity()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        await FlushRedisAsync();
        var database = await servers.Postgres.CreateDatabaseAsync("rush_crash_" + run);
        await using var db = NpgsqlDataSource.Create(database);

        // Our own queue on the event log, bound before the first order so no event can pass it by.
        var amqp = new ConnectionFactory { Uri = new Uri(servers.RabbitMq.AmqpUri) };
        await using var broker = await amqp.CreateConnectionAsync();
        await using var channel = await broker.CreateChannelAsync();
        var queue = $"e2e-crash-{run}";
        await channel.ExchangeDeclareAsync(Exchange, ExchangeType.Topic, durable: true, autoDelete: false);
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        await channel.QueueBindAsync(queue, Exchange, "#");
        try
        {
            await RunAsync(run, database, db, channel, queue);
        }
        finally
        {
            await channel.QueueDeleteAsync(queue);
        }
    }

    private async Task RunAsync(string run, string database, NpgsqlDataSource db, IChannel channel, string queue)
    {
        await HostProcess.MigrateAndSeedAsync(Settings(database), TimeSpan.FromMinutes(2));

        // 1. A burst of keyed orders; SIGKILL once enough of them were acknowledged.
        var attempts = new Attempt?[Total];
        await using (var host = HostProcess.Start(Settings(database)))
        {
            await host.WaitUntilReadyAsync(TimeSpan.FromMinutes(1));
            await BurstAndKillAsync(host, run, attempts);
            Assert.True(host.HasExited);
        }

        var sent = attempts.OfType<Attempt>().ToList();
        var acknowledged = sent.Where(a => a.OrderId is not null).ToDictionary(a => a.OrderId!.Value, a => a.Key);
        var unanswered = sent.Where(a => a.Status is null).ToList();
        var refused = sent.Where(a => a.Status is not null and not 201).ToList();
        output.WriteLine($"burst: {sent.Count} sent, {acknowledged.Count} acknowledged, {refused.Count} refused, {unanswered.Count} unanswered");
        foreach (var answer in refused.GroupBy(a => $"{a.Status} {a.Body}").Take(5))
        {
            output.WriteLine($"refused {answer.Count()} times: {answer.Key}");
        }

        Assert.True(acknowledged.Count >= AcknowledgedBeforeKill, $"only {acknowledged.Count} orders acknowledged before the kill");
        Assert.True(unanswered.Count > 0, "the kill should have cut requests in flight");
        Assert.All(refused, a => Assert.True(a.Status == 503, $"request {a.Key} was answered {a.Status}: {a.Body}"));

        // 2. Every acknowledged order survived the crash, under its idempotency key. Checked before any
        //    retry, so no retry can have stored it since.
        var storedKeys = await OrderIdsByRequestIdAsync(db, run);
        var lost = acknowledged.Where(kv => !storedKeys.TryGetValue(kv.Value, out var id) || id != kv.Key).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} of {acknowledged.Count} acknowledged orders are not in Postgres: {string.Join(", ", lost.Take(10))}");

        output.WriteLine($"after the kill: {unanswered.Count(a => storedKeys.ContainsKey(a.Key))} unanswered orders were committed anyway, "
            + $"{await PendingReservationCountAsync()} slot reservations pending in Redis");

        // 3. Restart on the same database; retry every request that got no answer (or a refusal) with its key.
        await using var restarted = HostProcess.Start(Settings(database));
        await restarted.WaitUntilReadyAsync(TimeSpan.FromMinutes(1));
        try
        {
            using var rest = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{restarted.HttpPort}"), Timeout = TimeSpan.FromSeconds(60) };
            var retried = new ConcurrentDictionary<string, Guid>(StringComparer.Ordinal);
            var unavailable = 0;
            await Parallel.ForEachAsync(unanswered.Concat(refused), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (attempt, ct) =>
            {
                // 503 means "not taken, retry with the same key" (e.g. a commit that missed its reservation
                // deadline on a busy machine): a client following the contract does exactly that.
                var (status, text) = (0, "");
                await Poll.UntilAsync(async token =>
                {
                    using var response = await SeedOrders.PostAsync(rest, attempt.Request, attempt.Key, token);
                    (status, text) = ((int)response.StatusCode, await response.Content.ReadAsStringAsync(token));
                    if (status == 503)
                    {
                        Interlocked.Increment(ref unavailable);
                        return false;
                    }

                    return true;
                }, TimeSpan.FromSeconds(30), $"an answer other than 503 to the retry of {attempt.Key}", ct);
                Assert.True(status == 201, $"retry of {attempt.Key} answered {status}: {text}");
                var orderId = OrderIdOf(text);
                if (storedKeys.TryGetValue(attempt.Key, out var committedBeforeCrash))
                {
                    Assert.Equal(committedBeforeCrash, orderId);
                }

                retried[attempt.Key] = orderId;
            });
            output.WriteLine($"retried {retried.Count} requests after the restart ({unavailable} answers 503 on the way)");

            var perKey = await OrderCountsByRequestIdAsync(db, run);
            var duplicated = perKey.Where(kv => kv.Value != 1).ToList();
            Assert.True(duplicated.Count == 0, $"keys with more than one order: {string.Join(", ", duplicated.Take(10))}");
            Assert.Equal(acknowledged.Count + retried.Count, perKey.Count);
            var afterRetry = await OrderIdsByRequestIdAsync(db, run);
            Assert.All(retried, kv => Assert.Equal(kv.Value, afterRetry[kv.Key]));

            // 4. Every stored order has its OrderPlaced outbox row; the relay publishes them all.
            var allOrders = afterRetry.Values.ToHashSet();
            await using (var cmd = db.CreateCommand("""
                select o.id from orders o
                where not exists (select 1 from outbox x where x.message_key = o.id::text and x.message_type = 'OrderPlaced')
                """))
            {
                var withoutEvent = new List<Guid>();
                await using var reader = await cmd.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    withoutEvent.Add(reader.GetGuid(0));
                }

                Assert.True(withoutEvent.Count == 0, $"{withoutEvent.Count} orders have no OrderPlaced outbox row: {string.Join(", ", withoutEvent.Take(10))}");
            }

            await Poll.UntilAsync(async () => await ScalarAsync(db, "select count(*) from outbox where sent_at is null") == 0,
                TimeSpan.FromSeconds(60), "the outbox relay to publish every event");
            await ExpectPublishedAsync(channel, queue, db, allOrders);

            // 5. No reservation is left behind: once the reaper has settled the reservations of the killed
            //    process, each slot's load in Redis is exactly what its stored orders weigh.
            await ExpectSlotLoadsMatchOrdersAsync(db);
        }
        catch (Exception)
        {
            output.WriteLine($"restarted host's last output:{Environment.NewLine}{restarted.OutputTail}");
            throw;
        }
    }

    private async Task BurstAndKillAsync(HostProcess host, string run, Attempt?[] attempts)
    {
        using var rest = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Workers })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{host.HttpPort}"),
            Timeout = TimeSpan.FromSeconds(60),
        };
        using var redis = await ConnectionMultiplexer.ConnectAsync(servers.Redis.ConnectionString);
        var next = -1;
        var acknowledged = 0;
        var killed = false;
        var enoughAcknowledged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task WorkAsync()
        {
            while (!Volatile.Read(ref killed))
            {
                var i = Interlocked.Increment(ref next);
                if (i >= Total)
                {
                    return;
                }

                var attempt = new Attempt($"crash-{run}-{i}", SeedOrders.Rest(Pizzas[i % Pizzas.Length], 1 + (i % 2), customerId: i));
                attempts[i] = attempt;
                try
                {
                    using var response = await SeedOrders.PostAsync(rest, attempt.Request, attempt.Key);
                    var body = await response.Content.ReadAsStringAsync();
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        attempt.OrderId = OrderIdOf(body);
                        if (Interlocked.Increment(ref acknowledged) == AcknowledgedBeforeKill)
                        {
                            enoughAcknowledged.TrySetResult();
                        }
                    }

                    attempt.Body = body;
                    attempt.Status = (int)response.StatusCode;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    attempt.OrderId = null;
                    attempt.Body = e.Message;
                }
            }
        }

        var workers = Enumerable.Range(0, Workers).Select(_ => Task.Run(WorkAsync)).ToList();
        var burst = Task.WhenAll(workers);
        await Task.WhenAny(enoughAcknowledged.Task, burst).WaitAsync(TimeSpan.FromMinutes(2));

        // Kill while orders are certainly in the middle of intake: a reservation stays in the pending set
        // from the slot reservation until after the commit, and the answer is only sent after that. The
        // group commit answers requests in waves, so killing on the 300th answer alone may find none in
        // flight. No sleeping here: one Redis round trip per check.
        var deadline = Stopwatch.StartNew();
        while (!burst.IsCompleted && deadline.Elapsed < TimeSpan.FromMinutes(1)
               && await redis.GetDatabase().SortedSetLengthAsync(PendingReservations) < MidIntakeBeforeKill)
        {
        }

        host.Kill();
        Volatile.Write(ref killed, true);
        await host.KillHardAsync();
        await burst;
    }

    private static async Task ExpectPublishedAsync(IChannel channel, string queue, NpgsqlDataSource db, HashSet<Guid> orders)
    {
        var eventIds = new Dictionary<Guid, HashSet<string>>();
        await using (var cmd = db.CreateCommand("select message_key, message_id from outbox where message_type = 'OrderPlaced'"))
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var key = Guid.Parse(reader.GetString(0));
                if (!eventIds.TryGetValue(key, out var ids))
                {
                    eventIds[key] = ids = new HashSet<string>(StringComparer.Ordinal);
                }

                ids.Add(reader.GetGuid(1).ToString());
            }
        }

        var seen = new HashSet<Guid>();
        try
        {
            await Poll.UntilAsync(async () =>
            {
                while (await channel.BasicGetAsync(queue, autoAck: true) is { } message)
                {
                    if (message.BasicProperties.Type != nameof(OrderPlaced))
                    {
                        continue;
                    }

                    var placed = OrderPlaced.Parser.ParseFrom(message.Body.Span);
                    Assert.Equal(message.RoutingKey, placed.Order.Id);
                    Assert.Equal(placed.EventId, message.BasicProperties.MessageId);
                    var orderId = Guid.Parse(message.RoutingKey);
                    if (orders.Contains(orderId))
                    {
                        Assert.Contains(message.BasicProperties.MessageId ?? "", eventIds[orderId]);
                        seen.Add(orderId);
                    }
                }

                return seen.Count == orders.Count;
            }, TimeSpan.FromSeconds(60), "an OrderPlaced message on RabbitMQ for every stored order");
        }
        catch (TimeoutException e) when (e.GetType() == typeof(TimeoutException))
        {
            var missing = orders.Except(seen).ToList();
            Assert.Fail($"{e.Message} {missing.Count} of {orders.Count} never arrived, e.g. {string.Join(", ", missing.Take(10))}");
        }
    }

    private async Task ExpectSlotLoadsMatchOrdersAsync(NpgsqlDataSource db)
    {
        using var redis = await ConnectionMultiplexer.ConnectAsync(servers.Redis.ConnectionString);
        var data = redis.GetDatabase();
        string? problem = "not checked yet";
        try
        {
            await Poll.UntilAsync(async () =>
            {
                problem = await SlotProblemAsync(db, data);
                return problem is null;
            }, TimeSpan.FromSeconds(45), "the reaper to release every uncommitted reservation");
        }
        catch (TimeoutException e) when (e.GetType() == typeof(TimeoutException))
        {
            Assert.Fail($"{e.Message} Last state: {problem}");
        }
    }

    /// <summary>What is wrong with the slot loads in Redis compared with the orders in Postgres; null when nothing.</summary>
    private static async Task<string?> SlotProblemAsync(NpgsqlDataSource db, IDatabase data)
    {
        var pending = await data.SortedSetLengthAsync(PendingReservations);
        if (pending != 0)
        {
            return $"{pending} reservations still pending";
        }

        var expected = new Dictionary<long, (long PriceMinor, long Minutes)>();
        await using (var cmd = db.CreateCommand("select target_slot_id, sum(total_price), sum(make_minutes) from orders group by target_slot_id"))
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                expected[reader.GetInt64(0)] = ((long)(reader.GetDecimal(1) * 100m), reader.GetInt64(2));
            }
        }

        var actual = new Dictionary<long, (long PriceMinor, long Minutes)>();
        // KEYS through a script: one round trip for the whole (small) test keyspace.
        var keys = (RedisResult[])(await data.ScriptEvaluateAsync("return redis.call('KEYS', 'slot:*')"))!;
        foreach (var key in keys.Select(k => (string)k!))
        {
            var match = SlotLoadKey().Match(key);
            if (!match.Success)
            {
                continue;
            }

            var slot = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            var price = (long)await data.StringGetAsync(key);
            var minutes = (long?)await data.HashGetAsync($"slot:{slot}:info", "minutes_load") ?? 0;
            actual[slot] = (price, minutes);
        }

        var wrong = expected.Keys.Union(actual.Keys)
            .Select(slot => (Slot: slot, Expected: expected.GetValueOrDefault(slot), Actual: actual.GetValueOrDefault(slot)))
            .Where(s => s.Expected != s.Actual)
            .Select(s => $"slot:{s.Slot} Redis {s.Actual.PriceMinor} kopecks/{s.Actual.Minutes} min, Postgres orders {s.Expected.PriceMinor}/{s.Expected.Minutes}")
            .ToList();
        return wrong.Count == 0 ? null : string.Join("; ", wrong);
    }

    private static async Task<Dictionary<string, Guid>> OrderIdsByRequestIdAsync(NpgsqlDataSource db, string run)
    {
        var result = new Dictionary<string, Guid>(StringComparer.Ordinal);
        await using var cmd = db.CreateCommand("select request_id, id from orders where request_id like $1");
        cmd.Parameters.AddWithValue($"crash-{run}-%");
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result[reader.GetString(0)] = reader.GetGuid(1);
        }

        return result;
    }

    private static async Task<Dictionary<string, long>> OrderCountsByRequestIdAsync(NpgsqlDataSource db, string run)
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var cmd = db.CreateCommand("select request_id, count(*) from orders where request_id like $1 group by request_id");
        cmd.Parameters.AddWithValue($"crash-{run}-%");
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result[reader.GetString(0)] = reader.GetInt64(1);
        }

        return result;
    }

    private static Guid OrderIdOf(string createdBody)
    {
        using var json = JsonDocument.Parse(createdBody);
        return json.RootElement.GetProperty("orderId").GetGuid();
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource db, string sql)
    {
        await using var cmd = db.CreateCommand(sql);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private async Task<long> PendingReservationCountAsync()
    {
        using var redis = await ConnectionMultiplexer.ConnectAsync(servers.Redis.ConnectionString);
        return await redis.GetDatabase().SortedSetLengthAsync(PendingReservations);
    }

    private async Task FlushRedisAsync()
    {
        using var redis = await ConnectionMultiplexer.ConnectAsync(servers.Redis.ConnectionString + ",allowAdmin=true");
        await redis.GetServer(redis.GetEndPoints()[0]).FlushAllDatabasesAsync();
    }

    /// <summary>The host's settings (as environment variables of its process), on fresh free ports.</summary>
    private Dictionary<string, string> Settings(string database) => new(StringComparer.Ordinal)
    {
        ["ConnectionStrings:Postgres"] = database,
        ["ConnectionStrings:Redis"] = servers.Redis.ConnectionString,
        ["ConnectionStrings:RabbitMq"] = servers.RabbitMq.AmqpUri,
        ["Server:BindAddress"] = "127.0.0.1",
        ["Server:HttpPort"] = Ports.FreeTcpPort().ToString(CultureInfo.InvariantCulture),
        ["Server:GrpcPort"] = Ports.FreeTcpPort().ToString(CultureInfo.InvariantCulture),
        ["Logging:LogLevel:Default"] = "Warning",
        ["Outbox:PollInterval"] = "00:00:00.200",
        ["Kitchen:TimeZone"] = "UTC",
        ["Kitchen:ReservationTimeout"] = "00:00:02",
        // Room for the whole burst (a slot takes ~40 of these orders by price), minutes never the limit.
        ["Kitchen:SlotCapacity:MaxPrice"] = "30000",
        ["Kitchen:SlotCapacity:MaxMakeMinutes"] = "100000",
    };

    [GeneratedRegex(@"^slot:(\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex SlotLoadKey();

    /// <summary>One request of the burst and what became of it.</summary>
    private sealed class Attempt(string key, Dictionary<string, object> request)
    {
        public string Key { get; } = key;

        public Dictionary<string, object> Request { get; } = request;

        /// <summary>HTTP status, or null when no answer came (connection reset by the kill).</summary>
        public int? Status { get; set; }

        /// <summary>The order id of a 201.</summary>
        public Guid? OrderId { get; set; }

        /// <summary>The answer's body or the error.</summary>
        public string? Body { get; set; }
    }
}
