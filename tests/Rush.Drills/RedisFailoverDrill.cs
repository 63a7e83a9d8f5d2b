using System.Globalization;
using Rush.Drills.Harness;
using Rush.Testing;
using Rush.Testing.Servers;
using Xunit.Abstractions;

namespace Rush.Drills;

/// <summary>
/// kill -9 the Redis master of a Sentinel topology (1 master, 2 replicas, 3 sentinels, quorum 2) under a
/// steady intake load: the sentinels promote a replica, the host follows it without a restart, no
/// acknowledged order is lost and no slot goes over capacity.
/// </summary>
[Collection("drills")]
public sealed class RedisFailoverDrill(ITestOutputHelper output)
{
    [Fact]
    public async Task Redis_master_killed_under_sentinel_host_follows_the_new_master_and_loses_no_order()
    {
        await using var stack = await DrillStack.StartAsync("redis-failover");

        // The stack's Redis is the first master; a master silent for 1 s is down (./rush up --ha: 3 s).
        await using var cluster = await RedisSentinelCluster.AroundAsync(stack.Redis, new RedisSentinelOptions
        {
            Quorum = 2,
            DownAfter = DrillTimings.Seconds("RUSH_DRILL_SENTINEL_DOWN_AFTER_SECONDS", 1),
            FailoverTimeout = TimeSpan.FromSeconds(3),
        });
        stack.UseRedis(cluster.ConnectionString);
        var host = await stack.StartHostAsync();
        var load = IntakeLoad.Start(stack.HttpPort, stack.GrpcPort, stack.Run);
        await using (load)
        {
            await load.WaitForAcknowledgedAsync(DrillTimings.WarmUpOrders, TimeSpan.FromMinutes(1));

            var master = await cluster.MasterAsync();
            Assert.Same(stack.Redis, master);
            var killing = load.Mark("killing");
            await stack.Redis.KillAsync();
            var killed = load.Mark("killed");

            // The sentinels' majority names another node: the failover is done on their side.
            RedisServer? promoted = null;
            await Poll.UntilAsync(async () => (promoted = await cluster.MasterAsync()) is { } m && m != stack.Redis,
                TimeSpan.FromSeconds(60), "the sentinels to promote a replica");
            var failedOver = load.Mark("failed-over");

            // The host follows on its own: orders are acknowledged again and readiness is back, no restart.
            await load.WaitForAcknowledgedAfterAsync(failedOver, TimeSpan.FromMinutes(1));
            var following = load.Mark("following");
            await host.WaitUntilReadyAsync(TimeSpan.FromMinutes(1));
            var ready = load.Mark("ready");
            // A longer steady phase after the failover than the other drills: refusals right after it would show here.
            await load.WaitForAcknowledgedAsync(load.AcknowledgedCount + (3 * DrillTimings.RecoveryOrders), TimeSpan.FromMinutes(1));
            await load.StopAsync();

            var blip = load.Summarize(killing, following);
            var all = load.Summarize();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"promoted 127.0.0.1:{promoted!.Port} {(failedOver - killed).TotalSeconds:0.0} s after the kill; first order acknowledged after it "
                + $"{(following - failedOver).TotalSeconds:0.0} s later; /health/ready 200 at {(ready - killed).TotalSeconds:0.0} s"));
            output.WriteLine($"before: {load.Summarize(to: killed)}");
            output.WriteLine($"blip:   {blip}");
            output.WriteLine($"after:  {load.Summarize(from: following)}");
            output.WriteLine($"all:    {all}; {load.Skipped} ticks skipped");
            foreach (var refusal in load.Attempts.Where(a => !a.Acknowledged).GroupBy(a => a.Outcome + " " + a.Detail).Take(3))
            {
                output.WriteLine($"  {refusal.Count()} x {refusal.Key}");
            }

            output.WriteLine("refused at (s after the kill): " + string.Join(' ', load.Attempts.Where(a => !a.Acknowledged)
                .Select(a => (a.StartedAt - killed).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture))));

            await DrillChecks.ExpectAcknowledgedOrdersStoredOnceAsync(stack.Db, stack.Run, load.Attempts);
            await DrillChecks.ExpectNoSlotOverCapacityAsync(stack.Db, DrillStack.SlotMaxPrice, DrillStack.SlotMaxMakeMinutes);
            Assert.True(all.Unanswered == 0, $"requests got no answer: {all}");
            Assert.False(host.HasExited, "the host kept running");

            // The issue asks >= 99 % of all requests. The Postgres slot fallback covers the no-master window, and an order
            // Redis placed on loads the failover lost (its slot full or its display id taken in Postgres) is placed by the
            // ledger at commit instead of refused. What may be left is a request caught on the dying connection:
            // a quick 503 / UNAVAILABLE "retry" answer, never a lost order.
            var refused = load.Attempts.Where(a => !a.Acknowledged).ToList();
            Assert.All(refused, a => Assert.True(a.Outcome is "503" or "UNAVAILABLE", $"{a.Key} ({a.Channel}) answered {a.Outcome}: {a.Detail}"));
            Assert.True(all.SuccessRatio >= 0.99, $"acknowledged across the failover: {all}");

            // The new master may lack the last writes, so the host rebuilt the hot state from Postgres (new screen epoch).
            await DrillChecks.ExpectEveryOrderProjectedAsync(cluster.ConnectionString, load.Attempts);
        }
    }
}
