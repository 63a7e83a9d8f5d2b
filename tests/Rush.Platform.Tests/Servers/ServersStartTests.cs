using Npgsql;
using RabbitMQ.Client;
using Rush.Testing.Servers;
using StackExchange.Redis;

namespace Rush.Platform.Tests.Servers;

/// <summary>Proves the real-server fixtures start servers that answer.</summary>
[Collection("servers")]
public sealed class ServersStartTests(TestServers servers)
{
    [Fact]
    public async Task Postgres_answers_select_1()
    {
        await using var dataSource = NpgsqlDataSource.Create(servers.Postgres.ConnectionString);
        await using var command = dataSource.CreateCommand("SELECT 1");

        var result = await command.ExecuteScalarAsync();

        Assert.Equal(1, result);
        Assert.Contains($"Port={servers.Postgres.Port}", servers.Postgres.ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Postgres_runs_version_15_with_the_requested_settings()
    {
        await using var dataSource = NpgsqlDataSource.Create(servers.Postgres.ConnectionString);
        await using var command = dataSource.CreateCommand(
            "SELECT current_setting('server_version_num')::int / 10000, current_setting('max_connections'), current_setting('fsync')");
        await using var reader = await command.ExecuteReaderAsync();

        Assert.True(await reader.ReadAsync());
        Assert.Equal(15, reader.GetInt32(0));
        Assert.Equal("300", reader.GetString(1));
        Assert.Equal("on", reader.GetString(2));
    }

    [Fact]
    public async Task CreateDatabaseAsync_gives_an_empty_database()
    {
        var connectionString = await servers.Postgres.CreateDatabaseAsync("servers_start_tests");
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        {
            await using var name = dataSource.CreateCommand("SELECT current_database()");
            Assert.Equal("servers_start_tests", await name.ExecuteScalarAsync());

            await using var tables = dataSource.CreateCommand(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')");
            Assert.Equal(0L, await tables.ExecuteScalarAsync());

            await using var create = dataSource.CreateCommand("CREATE TABLE leftover (id int)");
            _ = await create.ExecuteNonQueryAsync();
        }

        // Asking again for the same name gives a fresh database, not the one with the table.
        var again = await servers.Postgres.CreateDatabaseAsync("servers_start_tests");
        await using var dataSourceAgain = NpgsqlDataSource.Create(again);
        await using var count = dataSourceAgain.CreateCommand(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'");
        Assert.Equal(0L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Redis_answers_ping()
    {
        using var redis = await ConnectionMultiplexer.ConnectAsync(servers.Redis.ConnectionString);

        var latency = await redis.GetDatabase().PingAsync();

        Assert.True(latency >= TimeSpan.Zero);
        Assert.True(redis.IsConnected);
    }

    [Fact]
    public async Task Redis_comes_back_on_the_same_port_after_a_kill()
    {
        var port = servers.Redis.Port;

        await servers.Redis.KillAsync();
        Assert.False(servers.Redis.IsRunning);
        await servers.Redis.StartAgainAsync();

        Assert.True(servers.Redis.IsRunning);
        Assert.Equal(port, servers.Redis.Port);
        using var redis = await ConnectionMultiplexer.ConnectAsync(servers.Redis.ConnectionString);
        var db = redis.GetDatabase();
        Assert.True(await db.StringSetAsync("servers-start-tests", "back"));
        Assert.Equal("back", (string?)await db.StringGetAsync("servers-start-tests"));
    }

    [Fact]
    public async Task RabbitMq_opens_a_channel_and_round_trips_a_message()
    {
        var factory = new ConnectionFactory { Uri = new Uri(servers.RabbitMq.AmqpUri) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        Assert.True(channel.IsOpen);

        var queue = await channel.QueueDeclareAsync(queue: "", durable: false, exclusive: true, autoDelete: true);
        await channel.BasicPublishAsync(exchange: "", routingKey: queue.QueueName, body: "hello"u8.ToArray());
        BasicGetResult? got = null;
        await Rush.Testing.Poll.UntilAsync(async () => (got = await channel.BasicGetAsync(queue.QueueName, autoAck: true)) is not null,
            TimeSpan.FromSeconds(10), "the published message");

        Assert.Equal("hello", System.Text.Encoding.UTF8.GetString(got!.Body.Span));
    }

    [Fact]
    public async Task RabbitMq_comes_back_on_the_same_ports_after_a_kill()
    {
        var port = servers.RabbitMq.Port;

        await servers.RabbitMq.KillAsync();
        Assert.False(servers.RabbitMq.IsRunning);
        await servers.RabbitMq.StartAgainAsync();

        Assert.True(servers.RabbitMq.IsRunning);
        Assert.Equal(port, servers.RabbitMq.Port);
        var factory = new ConnectionFactory { Uri = new Uri(servers.RabbitMq.AmqpUri) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        Assert.True(channel.IsOpen);
        using var stream = new System.Net.Sockets.TcpClient();
        await stream.ConnectAsync(System.Net.IPAddress.Loopback, servers.RabbitMq.StreamPort);
        Assert.True(stream.Connected);
    }
}
