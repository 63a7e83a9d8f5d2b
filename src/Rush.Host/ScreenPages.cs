using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;
using Rush.Platform.Http;
using Rush.Platform.Identity;

namespace Rush.Host;

/// <summary>
/// The kitchen's web pages (KDS, expo, ERP dashboard): plain HTML + CSS + JS modules from <c>wwwroot</c>,
/// no build step. See <c>SCREEN-PAGES.md</c> beside this file.
/// </summary>
/// <remarks>
/// Pages and assets are GET endpoints rather than the static-files middleware, so each page carries
/// its authorization policy like any other route. A page is served only to a caller its policy admits; anyone else gets the sign-in form in its place
/// (401, or 403 for a signed-in user of the wrong role) at the same URL, so after signing in the
/// page reloads into the screen. The CSS and JS under <c>/screens/</c> are public: they hold no data,
/// every figure comes from routes and hubs that check the session themselves.
/// </remarks>
public static class ScreenPages
{
    /// <summary>Page routes, the file each one serves and the policy it needs.</summary>
    public static IReadOnlyDictionary<string, (string File, string Policy)> Routes { get; } = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
    {
        ["/kds"] = ("kds.html", RushPolicies.Kitchen),
        ["/kds/expo"] = ("expo.html", RushPolicies.Kitchen),
        ["/erp"] = ("erp.html", RushPolicies.Erp),
        ["/ops"] = ("ops.html", RushPolicies.Operator),
    };

    private const string SignInPage = "sign-in.html";

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    /// <summary>Maps the page routes and <c>/screens/*</c> (their CSS and JS modules).</summary>
    public static IEndpointRouteBuilder MapScreenPages(this IEndpointRouteBuilder endpoints, IFileProvider webRoot)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(webRoot);
        foreach (var (route, (file, policy)) in Routes)
        {
            endpoints.MapGet(route, async (HttpContext context, IAuthorizationService authorization) =>
                (await authorization.AuthorizeAsync(context.User, policy)).Succeeded
                    ? Serve(context, webRoot, file)
                    : await SignInAsync(context, webRoot)).ExcludeFromDescription();
        }

        // Public: stylesheets and scripts only (see remarks).
        endpoints.MapGet("/screens/{**path}", (HttpContext context, string path) => Serve(context, webRoot, "screens/" + path)).ExcludeFromDescription();
        return endpoints;
    }

    // The form is small and static; it is sent as text so the status can be 401/403 and no cache keeps it for the page.
    private static async Task<IResult> SignInAsync(HttpContext context, IFileProvider webRoot)
    {
        var forbidden = context.User.Identity?.IsAuthenticated == true;
        var info = webRoot.GetFileInfo(SignInPage);
        using var reader = new StreamReader(info.CreateReadStream());
        var html = await reader.ReadToEndAsync(context.RequestAborted);
        if (forbidden)
        {
            html = html.Replace("<body class=\"sign-in\">", "<body class=\"sign-in\" data-forbidden=\"true\">", StringComparison.Ordinal);
        }

        context.Response.Headers.CacheControl = "no-store";
        return Results.Content(html, "text/html; charset=utf-8", statusCode: forbidden ? 403 : 401);
    }

    private static IResult Serve(HttpContext context, IFileProvider webRoot, string path)
    {
        // The physical provider refuses paths that climb out of wwwroot ("..") by reporting them missing.
        var info = webRoot.GetFileInfo(path);
        if (!info.Exists || info.IsDirectory || info.PhysicalPath is null || !ContentTypes.TryGetContentType(info.Name, out var contentType))
        {
            return Problem.Result(context, 404, "page_not_found", $"There is no screen file {path}.");
        }

        // Kitchen tablets stay open for days: "no-cache" makes them revalidate (ETag, 304) instead of running
        // yesterday's script after a deployment, at the price of one conditional request per file.
        context.Response.Headers.CacheControl = "no-cache";
        var tag = new EntityTagHeaderValue($"\"{info.LastModified.ToUnixTimeMilliseconds():x}-{info.Length:x}\"");
        return Results.File(info.PhysicalPath, contentType.StartsWith("text/", StringComparison.Ordinal) ? contentType + "; charset=utf-8" : contentType,
            lastModified: info.LastModified, entityTag: tag);
    }
}
