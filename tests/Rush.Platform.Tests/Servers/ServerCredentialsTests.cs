using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Rush.Testing.Servers;

namespace Rush.Platform.Tests.Servers;

/// <summary>The fixtures' servers, like ./rush up's, refuse anyone without the generated credentials, and the host's Postgres role is not a superuser.</summary>
[Collection("servers")]
public sealed class ServerCredentialsTests(TestServers servers)
{
    [Fact]
    public async Task The_app_role_is_not_a_superuser_yet_owns_its_database()
    {
        var connectionString = await servers.Postgres.CreateDatabaseAsync("server_credentials_tests");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var role = dataSource.CreateCommand("""
            select current_user, r.rolsuper, r.rolcreatedb, r.rolcreaterole, r.rolreplication, r.rolbypassrls,
                   pg_get_userbyid(d.datdba)
            from pg_roles r, pg_database d
            where r.rolname = current_user and d.datname = current_database()
            """);
        await using var reader = await role.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());

        Assert.Equal(PostgresServer.AppUser, reader.GetString(0));
        Assert.Equal((false, false, false, false, false),
            (reader.GetBoolean(1), reader.GetBoolean(2), reader.GetBoolean(3), reader.GetBoolean(4), reader.GetBoolean(5)));
        Assert.Equal(PostgresServer.AppUser, reader.GetString(6));
        await reader.DisposeAsync();

        // What migrations need works; what only a superuser may do does not.
        await using var create = dataSource.CreateCommand("create table migrations_can_create (id int primary key)");
        _ = await create.ExecuteNonQueryAsync();
        await using var readFile = dataSource.CreateCommand("select pg_read_file('postgresql.conf')");
        var refused = await Assert.ThrowsAsync<PostgresException>(() => readFile.ExecuteScalarAsync());
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
    }

    [Fact]
    public async Task Postgres_refuses_a_login_with_a_wrong_or_missing_password()
    {
        var wrong = new NpgsqlConnectionStringBuilder(servers.Postgres.ConnectionString) { Password = "not-the-password", Pooling = false };
        await using var wrongConnection = new NpgsqlConnection(wrong.ConnectionString);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => wrongConnection.OpenAsync());
        Assert.Equal(PostgresErrorCodes.InvalidPassword, refused.SqlState);

        // No password at all: the server asks for SCRAM and the client has nothing to answer with.
        var none = new NpgsqlConnectionStringBuilder(servers.Postgres.ConnectionString) { Password = null, Pooling = false, Passfile = "/dev/null" };
        await using var noneConnection = new NpgsqlConnection(none.ConnectionString);
        _ = await Assert.ThrowsAnyAsync<NpgsqlException>(() => noneConnection.OpenAsync());
    }

    [Fact]
    public async Task Redis_answers_noauth_without_the_password()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, servers.Redis.Port));
        _ = await socket.SendAsync("SET intruder 1\r\nAUTH wrong-password\r\n"u8.ToArray(), SocketFlags.None);

        var answer = new StringBuilder();
        var buffer = new byte[512];
        await Rush.Testing.Poll.UntilAsync(async () =>
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None);
            _ = answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
            return read == 0 || answer.ToString().Split("\r\n").Length > 2;
        }, TimeSpan.FromSeconds(10), "Redis to answer both commands");

        var lines = answer.ToString().Split("\r\n");
        Assert.StartsWith("-NOAUTH", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("-WRONGPASS", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task RabbitMq_has_no_guest_and_refuses_a_wrong_password()
    {
        foreach (var (user, password) in new[] { ("guest", "guest"), (RabbitMqServer.UserName, "not-the-password") })
        {
            var factory = new ConnectionFactory
            {
                HostName = "127.0.0.1",
                Port = servers.RabbitMq.Port,
                UserName = user,
                Password = password,
                AutomaticRecoveryEnabled = false,
            };
            var refused = await Assert.ThrowsAsync<BrokerUnreachableException>(() => factory.CreateConnectionAsync());
            _ = Assert.IsType<AuthenticationFailureException>(refused.InnerException);
        }

        Assert.Contains($"{RabbitMqServer.UserName}:{servers.RabbitMq.Password}@", servers.RabbitMq.AmqpUri, StringComparison.Ordinal);
    }
}
