using System.Text.Json;

namespace Rush.Host.Tests.RateLimiting;

/// <summary>Settings and reading helpers of the rate limiting tests.</summary>
internal static class RateLimitSettings
{
    /// <summary>Test hosts exempt loopback; these settings clear that, so the real limits apply to the test's requests.</summary>
    public static Dictionary<string, string> Limited(params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["RateLimiting:ExemptNetworks:0"] = "",
            ["RateLimiting:ExemptNetworks:1"] = "",
        };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }

    public static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.Clone();
    }
}
