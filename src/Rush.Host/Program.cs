using Microsoft.Extensions.Options;
using Rush.Host;

// `Rush.Host migrate-and-seed` prepares the database and exits; `seed` adds the ticketing data (SeedCommand);
// `apikey` manages till keys (ApiKeyCommand); anything else runs the host.
var seedOnly = args.Length > 0 && args[0] == "migrate-and-seed";
try
{
    if (args.Length > 0 && args[0] == "seed")
    {
        return await SeedCommand.RunAsync(args[1..]);
    }

    if (args.Length > 0 && args[0] == "apikey")
    {
        return await ApiKeyCommand.RunAsync(args[1..]);
    }

    var app = RushApp.Build(seedOnly ? args[1..] : args);
    if (seedOnly)
    {
        await RushApp.MigrateAndSeedAsync(app, CancellationToken.None);
        return 0;
    }

    await RushApp.PrepareAsync(app, CancellationToken.None);
    await app.RunAsync();
    return 0;
}
catch (OptionsValidationException e)
{
    // A wrong or missing setting stops the host with a message naming it, not a stack trace.
    await Console.Error.WriteLineAsync($"Rush cannot start, configuration is invalid:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", e.Failures)}");
    return 2;
}
