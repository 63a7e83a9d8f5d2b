using System.Security.Cryptography;

namespace Rush.Testing.Servers;

/// <summary>Temp folders for server data: under $RUSH_TEST_TMP when set (./rush test sweeps it), else the system temp folder.</summary>
internal static class TestDirectory
{
    public static string Create(string prefix)
    {
        var parent = Environment.GetEnvironmentVariable("RUSH_TEST_TMP");
        if (string.IsNullOrEmpty(parent))
        {
            parent = Path.GetTempPath();
        }

        var path = Path.Combine(parent, $"rush-{prefix}-{RandomSuffix()}");
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The real-server fixtures run on Linux (Debian packages).");
        }

        // 0755 (less any umask bits): the postgres and rabbitmq users must reach their sub-folders.
        _ = Directory.CreateDirectory(path,
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
            UnixFileMode.GroupRead | UnixFileMode.GroupExecute |
            UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return path;
    }

    /// <summary>Lowercase letters and digits, usable in Erlang node names and database names.</summary>
    public static string RandomSuffix() => RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 10);

    public static void DeleteQuietly(string path)
    {
        if (string.Equals(Environment.GetEnvironmentVariable("RUSH_KEEP_TEST_DATA"), "1", StringComparison.Ordinal))
        {
            return;
        }

        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort; ./rush test sweeps $RUSH_TEST_TMP anyway.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>chown -R so a server running as <paramref name="user"/> owns its folder (only meaningful as root).</summary>
    /// <summary>Writes a file only its owner may read (0600): server configs and password files.</summary>
    public static async Task WriteSecretFileAsync(string path, string contents, CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The real-server fixtures run on Linux (Debian packages).");
        }

        await using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        await using var writer = new StreamWriter(stream);
        await writer.WriteAsync(contents.AsMemory(), cancellationToken).ConfigureAwait(false);
    }

    public static async Task ChownAsync(string path, string user, CancellationToken cancellationToken)
    {
        if (!CommandLine.IsRoot)
        {
            return;
        }

        _ = await ProcessRunner.RunCheckedAsync(new CommandLine("chown", "-R", $"{user}:{user}", path),
            TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
    }
}
