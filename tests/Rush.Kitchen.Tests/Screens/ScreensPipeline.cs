using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using RabbitMQ.Client;
using Rush.Kitchen.Projection;
using Rush.Testing;
using Rush.Testing.Servers;

namespace Rush.Kitchen.Tests.Screens;

/// <summary>Starts hosts for the order-to-screen pipeline tests and places orders through the REST API.</summary>
internal static class ScreensPipeline
{
    public static readonly DateTimeOffset TenAm = new(2026, 2, 6, 10, 0, 0, TimeSpan.Zero);

    private const string Group = "order-service-stable-group";

    /// <summary>
    /// A host open all day in UTC with room for many orders per slot. A first host (flushRedis) also
    /// empties the consumer group: every host of this collection publishes to the same broker, and
    /// events a previous test left behind belong to another database.
    /// </summary>
    public static async Task<RushTestHost> StartAsync(TestServers servers, ManualClock? clock = null, IDictionary<string, string>? settings = null,
        string? database = null, bool flushRedis = true)
    {
        var all = new Dictionary<string, string>
        {
            ["Kitchen:TimeZone"] = "UTC",
            ["Kitchen:SlotCapacity:MaxPrice"] = "1000000",
            ["Kitchen:SlotCapacity:MaxMakeMinutes"] = "100000",
            ["Outbox:MaxBackoff"] = "00:00:00.500",
            ["Projection:RetryBackoff"] = "00:00:00.010",
            ["Projection:MaxRetryBackoff"] = "00:00:00.500",
            // A screen joining from scratch reads its own snapshot, so what it is sent first does not
            // depend on how fast the test ran; ScreenLimitsTests turn the shared snapshot on.
            ["Screens:SnapshotCacheTime"] = "00:00:00",
        };
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            all[$"Kitchen:OpeningHours:{day}"] = "00:00-24:00";
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        if (flushRedis)
        {
            await ResetConsumerGroupAsync(servers);
        }

        return await RushTestHost.StartAsync(servers, all, clock, database, flushRedis);
    }

    /// <summary>Places the seed's example order (one classic pizza), optionally for a later time; returns its id.</summary>
    public static async Task<Guid> PlaceAsync(RushTestHost host, DateTimeOffset? desired = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["customerId"] = 12345,
            ["pizzaName"] = "Пицца Классическая",
            ["quantity"] = 1,
            ["customerFirstName"] = "Иван",
            ["customerPhone"] = "+79001234567",
            ["isPickup"] = true,
            ["desiredTime"] = desired?.ToString("O", CultureInfo.InvariantCulture),
        };
        using var response = await host.Rest.PostAsJsonAsync("/api/v1/orders", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty("orderId").GetGuid();
    }

    /// <summary>Opens a channel on the test broker.</summary>
    public static async Task<(IConnection Connection, IChannel Channel)> OpenChannelAsync(TestServers servers)
    {
        var connection = await new ConnectionFactory { Uri = new Uri(servers.RabbitMq.AmqpUri) }.CreateConnectionAsync();
        return (connection, await connection.CreateChannelAsync());
    }

    /// <summary>Messages waiting in the consumer group's dead-letter queue.</summary>
    public static async Task<uint> DeadLetteredAsync(TestServers servers)
    {
        var (connection, channel) = await OpenChannelAsync(servers);
        await using (connection)
        await using (channel)
        {
            return (await channel.QueueDeclarePassiveAsync(OrderEventTopology.DeadLetterQueue(Group))).MessageCount;
        }
    }

    /// <summary>True when the broker serves the consumer group's queue and the stream (after a restart it may not yet: 404 "home node ... down").</summary>
    public static async Task<bool> QueuesServedAsync(TestServers servers)
    {
        try
        {
            var (connection, channel) = await OpenChannelAsync(servers);
            await using (connection)
            await using (channel)
            {
                await channel.QueueDeclarePassiveAsync(Group);
                await channel.QueueDeclarePassiveAsync(OrderEventTopology.Stream);
                return true;
            }
        }
        catch (Exception e) when (e is RabbitMQ.Client.Exceptions.OperationInterruptedException or RabbitMQ.Client.Exceptions.BrokerUnreachableException)
        {
            return false;
        }
    }

    /// <summary>True when the broker at <paramref name="amqpUri"/> serves the consumer group's queue and the stream (after a restart it may not yet: 404 "home node ... down").</summary>
    public static async Task<bool> QueuesServedAsync(string amqpUri)
    {
        try
        {
            await using var connection = await new ConnectionFactory { Uri = new Uri(amqpUri) }.CreateConnectionAsync();
            await using var channel = await connection.CreateChannelAsync();
            await channel.QueueDeclarePassiveAsync(Group);
            await channel.QueueDeclarePassiveAsync(OrderEventTopology.Stream);
            return true;
        }
        catch (Exception e) when (e is RabbitMQ.Client.Exceptions.OperationInterruptedException or RabbitMQ.Client.Exceptions.BrokerUnreachableException)
        {
            return false;
        }
    }

    private static async Task ResetConsumerGroupAsync(TestServers servers)
    {
        var (connection, channel) = await OpenChannelAsync(servers);
        await using (connection)
        await using (channel)
        {
            await channel.QueueDeleteAsync(Group, ifUnused: false, ifEmpty: false);
            await channel.QueueDeleteAsync(OrderEventTopology.DeadLetterQueue(Group), ifUnused: false, ifEmpty: false);
        }
    }
}
