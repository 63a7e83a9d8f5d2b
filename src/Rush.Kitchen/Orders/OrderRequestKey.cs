namespace Rush.Kitchen.Orders;

/// <summary>An idempotency key in its client scope (see <c>RushClaims.ScopeOf</c>), with the fingerprint of the request that carries it.</summary>
/// <param name="Scope"><c>client:{id}</c>, <c>user:{id}</c> or <c>anon</c>.</param>
/// <param name="Id">The key as the client sent it (REST Idempotency-Key, gRPC request_id).</param>
/// <param name="Fingerprint">The <see cref="OrderFingerprint"/> of the request.</param>
public sealed record OrderRequestKey(string Scope, string Id, string Fingerprint)
{
    /// <summary>How long the Redis shortcut lives (the key's truth, order_requests in Postgres, stays).</summary>
    public static readonly TimeSpan ShortcutTtl = TimeSpan.FromHours(24);

    /// <summary>The Redis shortcut to the order: <c>order:request:{scope}:{key}</c>, value <c>{order id}:{fingerprint}</c>.</summary>
    public string RedisKey => $"order:request:{Scope}:{Id}";
}

/// <summary>The order an idempotency key already made, and the fingerprint of the request that made it (null for keys from before fingerprints).</summary>
public sealed record PreviousOrder(KitchenOrder Order, string? Fingerprint)
{
    /// <summary>True when <paramref name="key"/> is a retry of the request that made this order.</summary>
    public bool IsRetryOf(OrderRequestKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Fingerprint is null || string.Equals(Fingerprint, key.Fingerprint, StringComparison.Ordinal);
    }
}
