using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rush.Kitchen.Projection;
using Rush.Kitchen.Screens;
using Rush.Platform.Hosting;
using Rush.Platform.Redis;
using StackExchange.Redis;

namespace Rush.Kitchen.Promotion;

/// <summary>Shows orders on the kitchen screens when their visibleAt comes (seed 001 step 8), exactly once across instances.</summary>
/// <remarks>Every instance runs it; order-promote.lua makes each move and its broadcast one atomic step.</remarks>
public sealed partial class OrderPromoter(
    RedisConnection redis,
    TimeProvider clock,
    IOptions<PromotionOptions> options,
    IOptions<ScreensOptions> screens,
    ILogger<OrderPromoter> log) : BackgroundService
{
    private static readonly RedisScript Promote = RedisScript.FromResources(typeof(OrderPromoter), "screen-publish.lua", "order-promote.lua");

    /// <summary>Promotes every order due now; returns the ids this call moved (and broadcast).</summary>
    public async Task<IReadOnlyList<Guid>> PromoteDueAsync(CancellationToken ct)
    {
        var moved = new List<Guid>();
        long due;
        do
        {
            RedisKey[] keys = [HotStateKeys.PendingSlots, HotStateKeys.Active];
            RedisValue[] args = [clock.GetUtcNow().ToUnixTimeMilliseconds(), options.Value.BatchSize, screens.Value.ReplayWindow];
            var result = (RedisResult[])(await Promote.EvaluateAsync(redis.Database, keys, args).WaitAsync(ct))!;
            due = (long)result[0];
            moved.AddRange(result.Skip(1).Select(id => Guid.Parse((string)id!)));
        }
        while (due == options.Value.BatchSize);

        return moved;
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        BackgroundLoop.RunAsync(nameof(OrderPromoter), options.Value.Interval, clock, log, async ct =>
        {
            try
            {
                var moved = await PromoteDueAsync(ct);
                if (moved.Count > 0)
                {
                    LogPromoted(moved.Count);
                }
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                LogPromoteFailed(e.Message);
            }
        }, stoppingToken);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Count} orders became visible on the kitchen screens")]
    private partial void LogPromoted(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Promotion skipped a round: {Reason}")]
    private partial void LogPromoteFailed(string reason);
}
