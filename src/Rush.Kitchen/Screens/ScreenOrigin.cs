using Microsoft.AspNetCore.Http;

namespace Rush.Kitchen.Screens;

/// <summary>The Origin check of a screen WebSocket upgrade.</summary>
/// <remarks>
/// The cookie is SameSite=Strict already, but Origin is the check the WebSocket RFC provides and it
/// does not depend on the browser's cookie policy. No Origin at all means a non-browser client
/// (a test, a bench, a dashboard process), which cannot be tricked into using someone's cookie; it
/// still needs its own credentials.
/// </remarks>
public static class ScreenOrigin
{
    /// <summary>True when the upgrade comes from this host's own pages, a configured origin, or no browser.</summary>
    public static bool IsAllowed(HttpRequest request, IReadOnlyCollection<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(allowed);
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return true;
        }

        var own = request.Scheme + "://" + request.Host.Value;
        return string.Equals(origin, own, StringComparison.OrdinalIgnoreCase)
            || allowed.Any(a => string.Equals(origin, a.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));
    }
}
