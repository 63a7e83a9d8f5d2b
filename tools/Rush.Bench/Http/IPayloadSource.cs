namespace Rush.Bench.Http;

/// <summary>One request's body (already serialized, and framed for gRPC) and optional idempotency key.</summary>
internal readonly record struct Payload(byte[] Body, string? IdempotencyKey);

/// <summary>
/// Hands out request bodies. Called concurrently from every worker; implementations pre-serialize and only
/// vary cheap parts per request.
/// </summary>
internal interface IPayloadSource
{
    /// <summary>The next request's payload.</summary>
    Payload Next();
}
