using System.Globalization;
using Rush.Platform.Identity;
using Rush.Platform.Persistence;

namespace Rush.Host;

/// <summary><c>Rush.Host apikey create NAME | list | revoke ID</c>: manage till keys from the host's machine (the key is printed once).</summary>
public static class ApiKeyCommand
{
    private const string Usage = "usage: Rush.Host apikey create NAME | apikey list | apikey revoke ID   [--Setting=value ...]";

    /// <summary>Runs the verb; returns the process exit code (2 for bad arguments, 1 when the client does not exist).</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var words = args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var settings = args[words.Length..];
        if (words.Length == 0 || (words[0] is "create" or "revoke" && words.Length != 2) || (words[0] == "list" && words.Length != 1))
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        await using var app = RushApp.Build([.. settings, "--Logging:LogLevel:Default=Warning"]);
        await app.Services.GetRequiredService<MigrationRunner>().ApplyAsync(CancellationToken.None);
        var clients = app.Services.GetRequiredService<ApiClientDirectory>();
        switch (words[0])
        {
            case "create":
                var (client, key) = await clients.CreateAsync(words[1], CancellationToken.None);
                await Console.Out.WriteLineAsync($"API client {client.Id} '{client.Name}' created. Its key (shown only now; send it as X-Api-Key):");
                await Console.Out.WriteLineAsync(key);
                return 0;
            case "list":
                foreach (var c in await clients.ListAsync(CancellationToken.None))
                {
                    await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"{c.Id}\t{c.Name}\t{c.KeyPrefix}...\tcreated {c.CreatedAt:u}\t{(c.RevokedAt is { } at ? $"revoked {at:u}" : "active")}"));
                }

                return 0;
            case "revoke" when long.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id):
                var revoked = await clients.RevokeAsync(id, CancellationToken.None);
                await Console.Out.WriteLineAsync(revoked ? $"API client {id} revoked." : $"There is no active API client {id}.");
                return revoked ? 0 : 1;
            default:
                await Console.Error.WriteLineAsync(Usage);
                return 2;
        }
    }
}
