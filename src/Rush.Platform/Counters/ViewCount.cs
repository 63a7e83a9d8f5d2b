namespace Rush.Platform.Counters;

/// <summary>The answer of <c>GET /api/v1/views/{kind}/{id}</c>: all views ever counted for one item.</summary>
public sealed record ViewCount(string Kind, string Id, long Views);
