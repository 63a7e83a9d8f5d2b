namespace Rush.Bench.Scenarios;

/// <summary>One cached list the scenario reads: a label for the report and its REST path.</summary>
internal sealed record CachedRoute(string Label, string Path);
