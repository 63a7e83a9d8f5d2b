using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Rush.Bench.Cli;
using Rush.Bench.Http;
using Rush.Bench.Reporting;

namespace Rush.Bench.Scenarios;

/// <summary>
/// login: Basic Auth sign-ins (<c>GET /api/v1/sessions/current</c>) of the seeded users <c>user{N}@rush.local</c> /
/// <c>password{N}</c>, cycling through <c>--users</c> of them from a random start.
/// </summary>
/// <remarks>
/// With more users than requests every sign-in is a first one: a full PBKDF2 (and, the first time ever, the hash
/// upgrade of the seeded user). With few users the host's verified-credentials cache answers almost all of them.
/// </remarks>
internal sealed class LoginScenario : IScenario
{
    /// <inheritdoc />
    public string Name => "login";

    /// <inheritdoc />
    public string Description => "Basic Auth sign-ins of seeded users (GET /api/v1/sessions/current), cold or cached by --users";

    /// <inheritdoc />
    public BenchOptions Prepare(BenchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options with
        {
            Protocol = ProtocolSelection.Rest,
            NoBaseline = true,
            Mode = options.Given.Contains("mode") ? options.Mode : ModeSelection.Closed,
        };
    }

    /// <inheritdoc />
    public IEnumerable<KeyValuePair<string, string>> ExtraSettings(BenchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        yield return new("users", options.Users.ToString(CultureInfo.InvariantCulture));
    }

    /// <inheritdoc />
    public async Task<ScenarioResult> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.Options;
        using var http = BenchHttpClients.Http11(options.Connections);
        var uri = new Uri(options.Target, "/api/v1/sessions/current");
        var start = Random.Shared.NextInt64(options.Users);
        var target = new RestGetTarget("login", $"GET {uri} as user1..user{options.Users}@rush.local", http, i =>
        {
            var n = ((start + i) % options.Users) + 1;
            var request = RestGetTarget.Get(uri);
            request.Headers.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"user{n}@rush.local:password{n}"))));
            return request;
        });
        var result = await ComparisonPlan.RunAsync(context, [new TargetPair("login", null, target)], "logins", cancellationToken).ConfigureAwait(false);
        return result with
        {
            Notes =
            [
                $"Users cycle through {options.Users:N0} seeded accounts from a random start; a pair not seen in the host's verified-credentials "
                    + "TTL (60 s) costs one PBKDF2 at the configured iterations (100,000), plus a hash upgrade the first time a seeded user signs in.",
                "Run once with --users far above the request count (cold: every login hashes) and once with a few hundred (warm: the cache answers).",
            ],
        };
    }
}
