using Rush.Platform.Persistence;
using Rush.Platform.Redis;
using Rush.Ticketing.Events;
using Rush.Ticketing.Seeding;

namespace Rush.Host;

/// <summary><c>Rush.Host seed [options]</c>: applies migrations, then seeds the ticketing data (<see cref="SeedPlan"/>).</summary>
public static class SeedCommand
{
    /// <summary>Runs the verb; returns the process exit code (2 for bad options, 130 when interrupted).</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Contains("--help") || args.Contains("-h"))
        {
            await Console.Out.WriteLineAsync(SeedPlan.Usage);
            return 0;
        }

        var plan = SeedPlan.Parse(args, out var rest, out var error);
        if (plan is null)
        {
            await Console.Error.WriteLineAsync($"seed: {error}{Environment.NewLine}{SeedPlan.Usage}");
            return 2;
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };

        // Logging at Warning keeps the progress bars readable; the seeder reports what it does itself.
        await using var app = RushApp.Build([.. rest, "--Logging:LogLevel:Default=Warning"]);
        try
        {
            await app.Services.GetRequiredService<MigrationRunner>().ApplyAsync(stop.Token);
            await Console.Out.WriteLineAsync(
                $"seed: users {plan.Users:N0}, {plan.EventsPerMonth:N0} events/month from 3 months back to {plan.MonthsAhead} ahead, "
                + $"archive {plan.ArchiveEvents:N0} over {plan.MonthsBack} months back, stadium {(plan.Stadium ? "yes" : "no")}, {plan.Parallelism} connections");
            var report = await app.Services.GetRequiredService<TicketingSeeder>().RunAsync(plan, Console.Out, !Console.IsOutputRedirected, stop.Token);
            if (!report.NothingWritten)
            {
                await app.Services.GetRequiredService<RedisConnection>().ConnectAsync();
                await app.Services.GetRequiredService<EventCatalog>().WipeCacheAsync(stop.Token);
            }

            await Console.Out.WriteLineAsync(report.NothingWritten
                ? $"seed: everything was already there ({report.Elapsed.TotalSeconds:F1} s)"
                : $"seed: wrote {report.Users:N0} users, {report.CurrentEvents:N0} current and {report.ArchiveEvents:N0} archive events, "
                  + $"{report.Seats:N0} seats in {report.Elapsed.TotalSeconds:F1} s");
            return 0;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("seed: interrupted; what was committed stays, a new run tops up the rest");
            return 130;
        }
    }
}
