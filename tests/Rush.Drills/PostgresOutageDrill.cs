using Rush.Drills.Harness;
using Xunit.Abstractions;

namespace Rush.Drills;

/// <summary>
/// kill -9 Postgres (postmaster and every backend) for 10 s under a steady intake load: intake refuses
/// with 503 / UNAVAILABLE and answers every request (nothing hangs until the client's deadline), no
/// order it acknowledged is lost, and it takes orders again once Postgres has recovered from its WAL,
/// without a restart of the host.
/// </summary>
[Collection("drills")]
public sealed class PostgresOutageDrill(ITestOutputHelper output)
{
    [Fact]
    public async Task Postgres_killed_for_10_s_intake_refuses_fast_loses_nothing_and_recovers_without_restart()
    {
        await using var stack = await DrillStack.StartAsync("postgres");
        var host = await stack.StartHostAsync();
        var load = IntakeLoad.Start(stack.HttpPort, stack.GrpcPort, stack.Run);
        await using (load)
        {
            await load.WaitForAcknowledgedAsync(DrillTimings.WarmUpOrders, TimeSpan.FromMinutes(1));

            // Marked once the process is gone: requests already inside a commit at the kill may still succeed.
            await stack.Postgres.KillAsync();
            var killed = load.Mark("killed");
            await Task.Delay(DrillTimings.PostgresOutage); // The outage itself, not a wait for something.
            var restarting = load.Mark("restarting");
            await stack.Postgres.StartAgainAsync();
            var restarted = load.Mark("restarted");
            await load.WaitForAcknowledgedAfterAsync(restarted, TimeSpan.FromMinutes(1));
            var recovered = load.Mark("recovered");
            await load.WaitForAcknowledgedAsync(load.AcknowledgedCount + DrillTimings.RecoveryOrders, TimeSpan.FromMinutes(1));
            await load.StopAsync();

            // Requests sent while Postgres was away.
            var down = load.Attempts.Where(a => a.StartedAt >= killed && a.StartedAt < restarting).ToList();
            var during = LoadSummary.Of(down);
            var all = load.Summarize();
            output.WriteLine($"down {(restarted - killed).TotalSeconds:0.0} s (Postgres crash recovery included); "
                + $"first order acknowledged {(recovered - restarted).TotalSeconds:0.0} s after it answered again");
            output.WriteLine($"before: {load.Summarize(to: killed)}");
            output.WriteLine($"during: {during}");
            output.WriteLine($"after:  {load.Summarize(from: restarted)}");
            output.WriteLine($"all:    {all}; {load.Skipped} ticks skipped");
            foreach (var refusal in down.Where(a => !a.Acknowledged).GroupBy(a => a.Outcome + " " + a.Detail).Take(3))
            {
                output.WriteLine($"  {refusal.Count()} x {refusal.Key}");
            }

            // Refused, not hung: every request while Postgres was away got an answer, and that answer is
            // "unavailable, retry" (REST 503, gRPC UNAVAILABLE), never an acknowledgement nor a 500.
            Assert.True(during.Sent > 0, "requests were sent during the outage");
            Assert.True(during.Unanswered == 0, $"requests hung until the client's deadline: {during}");
            Assert.All(down, a => Assert.True(a.Outcome is "503" or "UNAVAILABLE", $"{a.Key} ({a.Channel}) answered {a.Outcome}: {a.Detail}"));

            await DrillChecks.ExpectAcknowledgedOrdersStoredOnceAsync(stack.Db, stack.Run, load.Attempts);
            await DrillChecks.ExpectNoSlotOverCapacityAsync(stack.Db, DrillStack.SlotMaxPrice, DrillStack.SlotMaxMakeMinutes);
            await DrillChecks.ExpectScreensShowEachOrderOnceAsync(stack.Redis.ConnectionString, load.Attempts, TimeSpan.FromMinutes(1));
            Assert.False(host.HasExited, "the host kept running");
        }
    }
}
