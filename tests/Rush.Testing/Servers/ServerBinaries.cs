namespace Rush.Testing.Servers;

/// <summary>Where the Debian packages put the server binaries, with a clear error when they are missing.</summary>
internal static class ServerBinaries
{
    public const string PostgresBin = "/usr/lib/postgresql/15/bin";
    public const string RabbitMqBin = "/usr/lib/rabbitmq/bin";

    public static string Postgres(string tool) => Require(Path.Combine(PostgresBin, tool), "postgresql (15)");

    public static string RabbitMq(string tool) => Require(Path.Combine(RabbitMqBin, tool), "rabbitmq-server");

    public static string OnPath(string tool, string package)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin";
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries).Append("/usr/sbin").Append("/usr/bin"))
        {
            var candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw Missing(tool, package);
    }

    private static string Require(string path, string package) =>
        File.Exists(path) ? path : throw Missing(path, package);

    private static InvalidOperationException Missing(string what, string package) =>
        new($"'{what}' is missing (Debian package {package}). Run `./rush test` (or `./rush deps`) from the repository root: it installs the servers the tests need.");
}
