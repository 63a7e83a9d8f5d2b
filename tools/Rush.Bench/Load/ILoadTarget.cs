namespace Rush.Bench.Load;

/// <summary>
/// One kind of request against one endpoint. The runners call <see cref="SendAsync"/> from many workers at once;
/// it must be thread-safe, cheap, and must not throw: every failure becomes an <see cref="Outcome"/>.
/// </summary>
internal interface ILoadTarget
{
    /// <summary>Label for the report, e.g. "REST Rush".</summary>
    string Name { get; }

    /// <summary>The address requests go to, for the report.</summary>
    string Endpoint { get; }

    /// <summary>Sends one request and waits for the whole answer; failures are counted in <paramref name="errors"/>.</summary>
    ValueTask<Outcome> SendAsync(ErrorTally errors, CancellationToken cancellationToken);

    /// <summary>Sends one request and describes the answer in full (status, start of the body); for the pre-flight check.</summary>
    Task<(Outcome Outcome, string Detail)> ProbeAsync(CancellationToken cancellationToken);
}
