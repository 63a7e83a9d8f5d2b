using System.Threading.RateLimiting;

namespace Rush.Platform.RateLimiting;

/// <summary>A lease carrying the decision; refused leases expose Retry-After metadata as the middleware expects.</summary>
public sealed class RateLimitDecisionLease : RateLimitLease
{
    /// <summary>Metadata name under which the <see cref="RateLimitDecision"/> itself is available.</summary>
    public static readonly MetadataName<RateLimitDecision> DecisionMetadata = MetadataName.Create<RateLimitDecision>("rush.decision");

    /// <summary>Metadata name of the policy that decided.</summary>
    public static readonly MetadataName<RatePolicy> PolicyMetadata = MetadataName.Create<RatePolicy>("rush.policy");

    /// <summary>Creates the lease for <paramref name="decision"/> of <paramref name="policy"/>.</summary>
    public RateLimitDecisionLease(RatePolicy policy, RateLimitDecision decision)
    {
        Policy = policy;
        Decision = decision;
    }

    /// <summary>The policy that decided.</summary>
    public RatePolicy Policy { get; }

    /// <summary>The decision.</summary>
    public RateLimitDecision Decision { get; }

    /// <inheritdoc />
    public override bool IsAcquired => Decision.Allowed;

    /// <inheritdoc />
    public override IEnumerable<string> MetadataNames =>
        Decision.Allowed ? [DecisionMetadata.Name, PolicyMetadata.Name] : [MetadataName.RetryAfter.Name, DecisionMetadata.Name, PolicyMetadata.Name];

    /// <inheritdoc />
    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        metadata = metadataName switch
        {
            _ when metadataName == MetadataName.RetryAfter.Name && !Decision.Allowed => Decision.Reset,
            _ when metadataName == DecisionMetadata.Name => Decision,
            _ when metadataName == PolicyMetadata.Name => Policy,
            _ => null,
        };
        return metadata is not null;
    }
}
