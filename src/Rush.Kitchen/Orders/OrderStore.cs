using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Rush.Kitchen.Slots;
using Rush.Platform.Hosting;
using Rush.Platform.Messaging;
using Rush.Platform.Messaging.Outbox;
using Rush.Platform.Observability;

namespace Rush.Kitchen.Orders;

/// <summary>What happened to an order handed to the <see cref="OrderStore"/>.</summary>
public enum StoreOutcome
{
    /// <summary>Committed with its event: durable.</summary>
    Stored,

    /// <summary>Not stored: another order already holds its idempotency key.</summary>
    DuplicateRequest,

    /// <summary>Certainly not stored (database unreachable before COMMIT, or the deadline passed).</summary>
    NotStored,

    /// <summary>Not stored: the Postgres slot ledger refused the Redis reservation (slot full or display id taken by then).</summary>
    SlotRefused,
}

/// <summary>Group-commit writer: orders and their outbox events, many per transaction, durable before acknowledged.</summary>
/// <remarks>
/// Why: one fsync per order caps Postgres at ~10k commits/s on this machine and leaves no room for
/// anything else. Requests queue here; each writer loop takes everything waiting (up to
/// <see cref="MaxBatch"/>) and writes it in ONE transaction: idempotency keys, orders, outbox
/// rows. A caller's task completes only after COMMIT returned, so an acknowledged order is on disk.
/// Under light load a batch is one order and latency is one commit; under heavy load batches grow
/// and throughput follows. An order whose reservation deadline passed while queued is refused
/// instead of committed, so the reaper may safely give its capacity back (see SlotReservationReaper).
/// Each batch also charges the Postgres slot ledger (<see cref="SlotLedger.AppendCommit"/>): one more
/// statement, and the reason no slot is over capacity across a switch to the Redis fallback and back.
/// </remarks>
public sealed partial class OrderStore(NpgsqlDataSource db, OutboxSignal outbox, TimeProvider clock, ILogger<OrderStore> log) : BackgroundService
{
    /// <summary>Most orders per transaction.</summary>
    public const int MaxBatch = 512;

    private const int Writers = 2;

    private readonly Channel<PendingWrite> _queue = Channel.CreateBounded<PendingWrite>(new BoundedChannelOptions(20_000)
    {
        FullMode = BoundedChannelFullMode.Wait,
    });

    /// <summary>
    /// Queues an order and waits for its commit. Cancelling <paramref name="ct"/> stops the wait, not
    /// the write: the order may still be committed (its reservation then stays; see the reaper).
    /// </summary>
    public async Task<StoreOutcome> AddAsync(KitchenOrder order, OrderRequestKey? key, OutgoingEvent placed, SlotReservation slot, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(slot);
        using var span = RushTracing.Source.StartActivity("kitchen.order.store");
        span?.SetTag("rush.order.id", order.Id.ToString());
        var write = new PendingWrite(order, key, placed, slot, new TaskCompletionSource<StoreOutcome>(TaskCreationOptions.RunContinuationsAsynchronously),
            Activity.Current?.Context ?? default);
        await _queue.Writer.WriteAsync(write, ct);
        var outcome = await write.Done.Task.WaitAsync(ct);
        span?.SetTag("rush.store.outcome", outcome.ToString());
        return outcome;
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => WriteLoopAsync(stoppingToken)));

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Drain what was queued before shutdown: those callers are still waiting for an answer.
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    private async Task WriteLoopAsync(CancellationToken stoppingToken)
    {
        // A commit belongs to no single request: its span starts a trace of its own (see CommitAsync).
        Activity.Current = null;
        var batch = new List<PendingWrite>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var write))
            {
                batch.Add(write);
            }

            try
            {
                var now = clock.GetUtcNow();
                batch.RemoveAll(w => now >= w.Slot.CommitDeadline && w.Done.TrySetResult(StoreOutcome.NotStored));
                if (batch.Count > 0)
                {
                    await CommitAsync(batch, stoppingToken);
                }
            }
            catch (Exception e)
            {
                // Not a database failure CommitAsync knows how to answer: nobody can tell whether the
                // batch was committed, so its callers get "retry with the same key" (which finds the
                // order if it was) and the reaper settles the capacity. The loop goes on; a dead loop
                // would leave every later caller waiting forever.
                BackgroundLoop.Failed(log, nameof(OrderStore), e);
                foreach (var write in batch)
                {
                    write.Done.TrySetException(OrderRejectedException.Unavailable("The order database did not confirm the order; retry with the same idempotency key.", e));
                }
            }
        }
    }

    private async Task CommitAsync(List<PendingWrite> batch, CancellationToken stoppingToken)
    {
        // Why links and not a parent: one transaction commits the orders of many requests, each in its
        // own trace, and a span has one parent. So each order's trace has its kitchen.order.store span
        // (queue wait + commit, ends when its commit is known), and the commit has one span of its own,
        // the parent of Npgsql's command spans, linked to every order's store span. From an order one
        // follows the link to see what its transaction waited for; from the commit, which orders it carried.
        using var span = RushTracing.Source.StartActivity("kitchen.orders.commit", ActivityKind.Internal, parentContext: default,
            links: batch.Where(w => w.Trace != default).Select(w => new ActivityLink(w.Trace)));
        span?.SetTag("db.system.name", "postgresql");
        span?.SetTag("rush.batch.size", batch.Count);
        var commitSent = new StrongBox<bool>();
        var call = DependencyCall.Start("postgres", "order_commit");
        try
        {
            var duplicates = await WriteAsync(batch, commitSent, CancellationToken.None);
            call.Succeeded();
            foreach (var write in batch)
            {
                write.Done.TrySetResult(duplicates.Contains(write.Order.Id) ? StoreOutcome.DuplicateRequest : StoreOutcome.Stored);
            }

            outbox.Notify();
        }
        catch (Exception e) when (batch.Count > 1 && e is PostgresException { IsTransient: false })
        {
            call.Failed();
            // One bad row must not fail its neighbours: retry each order on its own.
            LogBatchSplit(batch.Count, e.Message);
            foreach (var write in batch)
            {
                await CommitAsync([write], stoppingToken);
            }
        }
        catch (PostgresException e) when (SlotLedger.IsRefusal(e))
        {
            // Rolled back; only a single order gets here (a batch is split first), so this is its own refusal.
            call.Failed();
            batch[0].Done.TrySetResult(StoreOutcome.SlotRefused);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            // Failing before COMMIT was sent means certainly not stored. Failing during COMMIT is
            // ambiguous (it may have been applied): the caller must not give the capacity back; the
            // reaper does, after checking Postgres.
            call.Failed();
            LogCommitFailed(batch.Count, e.Message);
            foreach (var write in batch)
            {
                if (commitSent.Value)
                {
                    write.Done.TrySetException(OrderRejectedException.Unavailable("The order database did not confirm the order; retry with the same idempotency key.", e));
                }
                else
                {
                    write.Done.TrySetResult(StoreOutcome.NotStored);
                }
            }
        }
    }

    /// <summary>Writes one transaction; returns the ids of orders refused as duplicate requests.</summary>
    /// <remarks>
    /// The usual case is ONE round trip: the idempotency keys (a plain insert that fails on a key
    /// already taken), the orders and the outbox rows as three multi-row statements (unnest of
    /// arrays) in one batch, which Postgres runs as one implicit transaction committed at its end:
    /// every statement or none. A key already taken rolls the whole batch back with a
    /// unique_violation; then <see cref="WriteSortingDuplicatesAsync"/> claims the keys first, row by
    /// row "on conflict do nothing", and writes only the orders that won theirs.
    /// </remarks>
    private async Task<HashSet<Guid>> WriteAsync(List<PendingWrite> batch, StrongBox<bool> commitSent, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        try
        {
            await using var write = new NpgsqlBatch(conn) { Timeout = 10 };
            var keyed = batch.Where(w => w.Key is not null).ToList();
            if (keyed.Count > 0)
            {
                write.BatchCommands.Add(ClaimCommand(keyed, onConflictDoNothing: false));
            }

            AppendOrders(write, batch.Select(w => w.Order).ToList());
            SlotLedger.AppendCommit(write, batch.Select(w => (w.Order, w.Slot)).ToList());
            OutboxTable.Append(write, batch.Select(w => w.Placed).ToList());
            // From here on a lost connection leaves the outcome unknown: the commit is part of the batch.
            commitSent.Value = true;
            await write.ExecuteNonQueryAsync(ct);
            return [];
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.TableName == "order_requests")
        {
            // Rolled back as a whole: nothing of this batch is stored.
            commitSent.Value = false;
            return await WriteSortingDuplicatesAsync(conn, batch, commitSent, ct);
        }
        catch (PostgresException)
        {
            // The server refused the batch: rolled back, certainly not stored.
            commitSent.Value = false;
            throw;
        }
    }

    // The slow path, when some idempotency key of the batch was taken already: claim first, then write the winners.
    private static async Task<HashSet<Guid>> WriteSortingDuplicatesAsync(NpgsqlConnection conn, List<PendingWrite> batch, StrongBox<bool> commitSent,
        CancellationToken ct)
    {
        await using var tx = await conn.BeginTransactionAsync(ct);
        var duplicates = await ClaimRequestIdsAsync(conn, tx, batch, ct);
        var stored = duplicates.Count == 0 ? batch : batch.Where(w => !duplicates.Contains(w.Order.Id)).ToList();
        if (stored.Count > 0)
        {
            await using var insert = new NpgsqlBatch(conn, tx) { Timeout = 10 };
            AppendOrders(insert, stored.Select(w => w.Order).ToList());
            SlotLedger.AppendCommit(insert, stored.Select(w => (w.Order, w.Slot)).ToList());
            OutboxTable.Append(insert, stored.Select(w => w.Placed).ToList());
            await insert.ExecuteNonQueryAsync(ct);
        }

        commitSent.Value = true;
        await tx.CommitAsync(ct);
        return duplicates;
    }

    private static async Task<HashSet<Guid>> ClaimRequestIdsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, List<PendingWrite> batch, CancellationToken ct)
    {
        var keyed = batch.Where(w => w.Key is not null).ToList();
        if (keyed.Count == 0)
        {
            return [];
        }

        await using var claim = new NpgsqlBatch(conn, tx) { Timeout = 10 };
        claim.BatchCommands.Add(ClaimCommand(keyed, onConflictDoNothing: true));
        var claimed = new HashSet<Guid>();
        await using (var reader = await claim.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                claimed.Add(reader.GetGuid(0));
            }
        }

        return keyed.Where(w => !claimed.Contains(w.Order.Id)).Select(w => w.Order.Id).ToHashSet();
    }

    private static NpgsqlBatchCommand ClaimCommand(List<PendingWrite> keyed, bool onConflictDoNothing)
    {
        var cmd = new NpgsqlBatchCommand($"""
            insert into order_requests (client_scope, request_id, request_hash, order_id)
            select * from unnest($1::text[], $2::text[], $3::text[], $4::uuid[]){(onConflictDoNothing ? " on conflict do nothing returning order_id" : "")}
            """);
        Add(cmd, keyed.Select(w => w.Key!.Scope).ToArray());
        Add(cmd, keyed.Select(w => w.Key!.Id).ToArray());
        Add(cmd, keyed.Select(w => w.Key!.Fingerprint).ToArray());
        Add(cmd, keyed.Select(w => w.Order.Id).ToArray());
        return cmd;
    }

    private static void AppendOrders(NpgsqlBatch batch, List<KitchenOrder> orders)
    {
        var cmd = new NpgsqlBatchCommand("""
            insert into orders (id, created_at, display_id, customer_id, customer_first_name, customer_last_name, customer_phone,
                                is_pickup, delivery_address, items, total_price, make_minutes, status, version,
                                target_slot_id, target_slot_start, visible_at, request_id)
            select * from unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[],
                                 $8::boolean[], $9::text[], $10::jsonb[], $11::numeric[], $12::int[], $13::text[], $14::int[],
                                 $15::bigint[], $16::timestamptz[], $17::timestamptz[], $18::text[])
            """);
        Add(cmd, orders.Select(o => o.Id).ToArray());
        Add(cmd, orders.Select(o => o.CreatedAt.UtcDateTime).ToArray());
        Add(cmd, orders.Select(o => o.DisplayId).ToArray());
        Add(cmd, orders.Select(o => o.CustomerId).ToArray());
        Add(cmd, orders.Select(o => o.CustomerFirstName).ToArray());
        Add(cmd, orders.Select(o => o.CustomerLastName).ToArray());
        Add(cmd, orders.Select(o => o.CustomerPhone).ToArray());
        Add(cmd, orders.Select(o => o.IsPickup).ToArray());
        Add(cmd, orders.Select(o => o.DeliveryAddress).ToArray());
        cmd.Parameters.Add(new NpgsqlParameter
        {
            Value = orders.Select(o => JsonSerializer.Serialize(o.Items, KitchenJson.Api.IReadOnlyListOrderItem)).ToArray(),
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb,
        });
        Add(cmd, orders.Select(o => o.TotalPrice).ToArray());
        Add(cmd, orders.Select(o => o.MakeMinutes).ToArray());
        Add(cmd, orders.Select(o => o.Status).ToArray());
        Add(cmd, orders.Select(o => o.Version).ToArray());
        Add(cmd, orders.Select(o => o.SlotStart.ToUnixTimeSeconds()).ToArray());
        Add(cmd, orders.Select(o => o.SlotStart.UtcDateTime).ToArray());
        Add(cmd, orders.Select(o => o.VisibleAt.UtcDateTime).ToArray());
        Add(cmd, orders.Select(o => o.RequestId).ToArray());
        batch.BatchCommands.Add(cmd);
    }

    private static void Add<T>(NpgsqlBatchCommand cmd, T[] values) => cmd.Parameters.Add(new NpgsqlParameter<T[]> { TypedValue = values });

    private sealed record PendingWrite(KitchenOrder Order, OrderRequestKey? Key, OutgoingEvent Placed, SlotReservation Slot, TaskCompletionSource<StoreOutcome> Done, ActivityContext Trace);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order batch of {Count} refused ({Reason}); committing one by one")]
    private partial void LogBatchSplit(int count, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Order batch of {Count} not committed: {Reason}")]
    private partial void LogCommitFailed(int count, string reason);
}
