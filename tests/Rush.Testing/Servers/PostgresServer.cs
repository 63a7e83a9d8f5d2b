using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Npgsql;

namespace Rush.Testing.Servers;

/// <summary>
/// A real PostgreSQL 15 server on 127.0.0.1 with its data in a temp folder, stopped by pg_ctl or by PID.
/// Every login needs a password (SCRAM-SHA-256, generated per server); databases made by
/// <see cref="CreateDatabaseAsync"/> belong to the least-privilege role <see cref="AppUser"/>, the role the host uses.
/// </summary>
public sealed partial class PostgresServer : IAsyncDisposable
{
    /// <summary>The application role: LOGIN, no superuser, no CREATEDB/CREATEROLE; owns the databases it is given.</summary>
    public const string AppUser = "rush_app";

    private const string User = "postgres";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly string _root;
    private readonly string _superuserPassword = RandomNumberGenerator.GetHexString(32, lowercase: true);
    private readonly string _appPassword = RandomNumberGenerator.GetHexString(32, lowercase: true);
    private int _postmasterPid;
    private bool _stopped;

    private PostgresServer(string root, int port)
    {
        _root = root;
        Port = port;
        ConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = User,
            Password = _superuserPassword,
            Database = "postgres",
        }.ConnectionString;
    }

    /// <summary>TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>
    /// Connection string to the <c>postgres</c> database as the <c>postgres</c> superuser, password included: for
    /// test plumbing (creating databases) only; a host under test gets <see cref="AppConnectionString"/>.
    /// </summary>
    public string ConnectionString { get; }

    /// <summary>Connection string to <paramref name="database"/> as <see cref="AppUser"/>, password included.</summary>
    public string AppConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { Username = AppUser, Password = _appPassword, Database = database }.ConnectionString;

    /// <summary>Folder holding the cluster (data/), the server log (postgres.log) and the Unix socket.</summary>
    public string RootDirectory => _root;

    private string DataDirectory => Path.Combine(_root, "data");

    private string LogFile => Path.Combine(_root, "postgres.log");

    /// <summary>initdb + pg_ctl start on a free port; retries on new ports if the chosen one was taken meanwhile.</summary>
    public static async Task<PostgresServer> StartAsync(CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var server = new PostgresServer(TestDirectory.Create("postgres"), Ports.FreeTcpPort());
            try
            {
                await server.InitAndStartAsync(cancellationToken).ConfigureAwait(false);
                return server;
            }
            catch (InvalidOperationException e) when (attempt < 3 && LogFiles.LooksLikePortClash(e.Message))
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }
            catch
            {
                await server.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    /// <summary>
    /// Creates a fresh, empty database owned by <see cref="AppUser"/> (dropping one of that name first) and returns
    /// the application role's connection string to it. Names: letters, digits, '_' and '-', at most 63 characters.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!DatabaseName().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' is not a valid test database name (letters, digits, '_', '-'; 1-63 chars).", nameof(name));
        }

        var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await using (dataSource.ConfigureAwait(false))
        {
            var drop = dataSource.CreateCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
            await using (drop.ConfigureAwait(false))
            {
                _ = await drop.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            var create = dataSource.CreateCommand($"CREATE DATABASE \"{name}\" OWNER {AppUser}");
            await using (create.ConfigureAwait(false))
            {
                _ = await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        return AppConnectionString(name);
    }

    /// <summary>pg_ctl -m fast stop; falls back to SIGKILL of the postmaster PID from postmaster.pid.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        var pid = _postmasterPid != 0 ? _postmasterPid : ReadPostmasterPid();
        if (Directory.Exists(DataDirectory))
        {
            try
            {
                _ = await ProcessRunner.RunAsync(
                    new CommandLine(ServerBinaries.Postgres("pg_ctl"), "-D", DataDirectory, "-m", "fast", "-w", "-t", "30", "stop").ViaRunuser(User),
                    TimeSpan.FromSeconds(40), cancellationToken, _root).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Fall through to the PID.
            }
        }

        if (pid != 0)
        {
            if (ProcessRunner.IsAlive(pid))
            {
                _ = ProcessRunner.KillPidQuietly(pid);
            }

            await Poll.UntilAsync(_ => Task.FromResult(!ProcessRunner.IsAlive(pid)), TimeSpan.FromSeconds(30),
                $"postgres PID {pid} to exit", cancellationToken).ConfigureAwait(false);
            OwnedProcesses.Unregister(pid);
        }
    }

    /// <summary>Stops the server and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync().ConfigureAwait(false);
        }
        finally
        {
            TestDirectory.DeleteQuietly(_root);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"postgres 127.0.0.1:{Port} ({_root})";

    private async Task InitAndStartAsync(CancellationToken cancellationToken)
    {
        var initdb = ServerBinaries.Postgres("initdb");
        // initdb reads the superuser's password from a file (not the command line), which goes right after.
        var passwordFile = Path.Combine(_root, "superuser.pw");
        await TestDirectory.WriteSecretFileAsync(passwordFile, _superuserPassword, cancellationToken).ConfigureAwait(false);
        await TestDirectory.ChownAsync(_root, User, cancellationToken).ConfigureAwait(false);

        var init = await ProcessRunner.RunAsync(
            new CommandLine(initdb, "-D", DataDirectory, "-A", "scram-sha-256", "--pwfile", passwordFile, "-U", User,
                "-E", "UTF8", "--locale=C.UTF-8", "--no-sync").ViaRunuser(User),
            StartTimeout, cancellationToken, _root).ConfigureAwait(false);
        File.Delete(passwordFile);
        if (init.ExitCode != 0)
        {
            throw new InvalidOperationException($"initdb failed ({init.ExitCode}) in {_root}:{Environment.NewLine}{init.Output}");
        }

        await StartServerAsync(cancellationToken).ConfigureAwait(false);
        await CreateAppRoleAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// kill -9 of the postmaster and every backend at once, as a crash of the server would: nothing is
    /// flushed or checkpointed; <see cref="StartAgainAsync"/> then recovers from the WAL.
    /// </summary>
    public async Task KillAsync(CancellationToken cancellationToken = default)
    {
        var pid = _postmasterPid != 0 ? _postmasterPid : ReadPostmasterPid();
        if (pid == 0)
        {
            return;
        }

        // The whole tree: a backend left running would keep the shared memory and block the restart.
        _ = ProcessRunner.KillPidQuietly(pid);
        await Poll.UntilAsync(_ => Task.FromResult(!ProcessRunner.IsAlive(pid)), TimeSpan.FromSeconds(30),
            $"postgres PID {pid} to die", cancellationToken).ConfigureAwait(false);
        OwnedProcesses.Unregister(pid);
        _postmasterPid = 0;
    }

    /// <summary>Starts the server again on the same port and data (after <see cref="KillAsync"/>), waiting until it answers.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        _stopped = false;
        await StartServerAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task StartServerAsync(CancellationToken cancellationToken)
    {
        var pgCtl = ServerBinaries.Postgres("pg_ctl");
        var options = string.Create(CultureInfo.InvariantCulture,
            $"-p {Port} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=300");
        var start = await ProcessRunner.RunAsync(
            new CommandLine(pgCtl, "-D", DataDirectory, "-o", options, "-l", LogFile, "-w", "-t", "60", "start").ViaRunuser(User),
            StartTimeout, cancellationToken, _root).ConfigureAwait(false);
        _postmasterPid = ReadPostmasterPid();
        if (_postmasterPid != 0)
        {
            OwnedProcesses.Register(_postmasterPid);
        }

        if (start.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"pg_ctl start failed ({start.ExitCode}) for {this}:{Environment.NewLine}{start.Output}{Environment.NewLine}--- postgres.log ---{Environment.NewLine}{LogFiles.Tail(LogFile)}");
        }

        try
        {
            await Poll.UntilAsync(AnswersAsync, TimeSpan.FromSeconds(30), $"{this} to answer SELECT 1", cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new InvalidOperationException($"{e.Message}{Environment.NewLine}--- postgres.log ---{Environment.NewLine}{LogFiles.Tail(LogFile)}", e);
        }
    }

    private async Task CreateAppRoleAsync(CancellationToken cancellationToken)
    {
        var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await using (dataSource.ConfigureAwait(false))
        {
            // The password is hex (no quote can end the literal); CREATE ROLE takes no parameters.
            var create = dataSource.CreateCommand(
                $"CREATE ROLE {AppUser} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '{_appPassword}'");
            await using (create.ConfigureAwait(false))
            {
                _ = await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<bool> AnswersAsync(CancellationToken cancellationToken)
    {
        try
        {
            var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false, Timeout = 5 }.ConnectionString);
            await using (connection.ConfigureAwait(false))
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                var command = new NpgsqlCommand("SELECT 1", connection);
                await using (command.ConfigureAwait(false))
                {
                    return Equals(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), 1);
                }
            }
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    private int ReadPostmasterPid()
    {
        try
        {
            var firstLine = File.ReadLines(Path.Combine(DataDirectory, "postmaster.pid")).FirstOrDefault();
            return int.TryParse(firstLine, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) ? pid : 0;
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,63}$")]
    private static partial Regex DatabaseName();
}
