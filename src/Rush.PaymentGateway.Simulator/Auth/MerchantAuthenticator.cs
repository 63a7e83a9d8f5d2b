using Microsoft.Extensions.Options;
using Rush.PaymentGateway.Simulator.Api;

namespace Rush.PaymentGateway.Simulator.Auth;

/// <summary>Checks the team slug and the token of a merchant call against the configured merchant.</summary>
public sealed class MerchantAuthenticator(IOptions<GatewayOptions> options)
{
    /// <summary>True when <paramref name="teamSlug"/> is the configured merchant (checked before any lookup, so strangers learn nothing).</summary>
    public bool IsKnownTeam(string? teamSlug) => string.Equals(teamSlug, options.Value.TeamSlug, StringComparison.Ordinal);

    /// <summary>Null when the token is right; 1001 otherwise. <paramref name="expected"/> gets the password and team slug.</summary>
    public GatewayError? Check(string? teamSlug, string? token, Func<string, string, string> expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var settings = options.Value;
        return IsKnownTeam(teamSlug) && MerchantToken.Matches(token, expected(settings.Password, settings.TeamSlug))
            ? null
            : GatewayError.AuthFailed();
    }
}
