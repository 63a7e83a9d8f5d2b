namespace Rush.Platform.Counters;

/// <summary>Views claimed from Redis under one flush id, on their way to Postgres.</summary>
/// <param name="Id">The flush id (idempotency key in <c>view_counter_flushes</c>).</param>
/// <param name="Counts">Member <c>{kind}:{id}</c> and its claimed views.</param>
internal sealed record PendingFlush(Guid Id, IReadOnlyList<(string Member, long Views)> Counts);
