namespace Rush.Platform.Identity;

/// <summary>The outcome of checking an email/password pair: the user, a refusal, or "too many failures, wait".</summary>
public sealed record CredentialCheck(UserIdentity? User, TimeSpan? RetryAfter)
{
    /// <summary>Refused without hashing: the account or address has failed too often.</summary>
    public bool Throttled => RetryAfter is not null;
}
