using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Rush.Platform.RateLimiting;

/// <summary>Checks what data annotations cannot: exempt networks parse, and every policy (dictionary values) is sane.</summary>
public sealed partial class RateLimitingOptionsValidator : IValidateOptions<RateLimitingOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, RateLimitingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        foreach (var entry in options.ExemptNetworks.Where(e => !string.IsNullOrWhiteSpace(e)))
        {
            if (!TrustedNetworks.TryParse(entry.Trim(), out _))
            {
                failures.Add($"RateLimiting:ExemptNetworks: '{entry}' is not a CIDR range (e.g. 10.0.0.0/8) or an IP address.");
            }
        }

        foreach (var (policy, settings) in options.Policies)
        {
            var prefix = $"RateLimiting:Policies:{policy}";
            if (!PolicyName().IsMatch(policy))
            {
                // The name goes into Redis keys and into the quoted policy name of the RateLimit headers.
                failures.Add($"{prefix}: policy names are lower-case letters, digits, '-' and '_' (at most 32).");
            }

            if (settings.PermitLimit < 1)
            {
                failures.Add($"{prefix}:PermitLimit must be at least 1.");
            }

            if (settings.Window < TimeSpan.FromSeconds(1) || settings.Window > TimeSpan.FromDays(1) || settings.Window.Ticks % TimeSpan.TicksPerSecond != 0)
            {
                // Whole seconds: the RateLimit-Policy header states the window in seconds.
                failures.Add($"{prefix}:Window must be whole seconds between 00:00:01 and 1.00:00:00.");
            }

            if (settings.IpPermitLimit < 1 || settings.MaxClientIdsPerIp < 1 || settings.ApiClientPermitLimit < 1 || settings.AnonymousIpLimit < 1)
            {
                failures.Add($"{prefix}: IpPermitLimit, MaxClientIdsPerIp, ApiClientPermitLimit and AnonymousIpLimit are at least 1 when set.");
            }

            if (settings.AnonymousIpWindow < TimeSpan.FromSeconds(1) || settings.AnonymousIpWindow > TimeSpan.FromDays(1) || settings.AnonymousIpWindow.Ticks % TimeSpan.TicksPerSecond != 0)
            {
                failures.Add($"{prefix}:AnonymousIpWindow must be whole seconds between 00:00:01 and 1.00:00:00.");
            }

            if (!Enum.IsDefined(settings.Kind) || !Enum.IsDefined(settings.PartitionBy))
            {
                failures.Add($"{prefix}: Kind is Fixed or Sliding, PartitionBy is Ip, User or Client.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[a-z0-9_-]{1,32}$")]
    private static partial Regex PolicyName();
}
