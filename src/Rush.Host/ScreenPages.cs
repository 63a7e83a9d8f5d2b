using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;
using Rush.Platform.Http;

namespace Rush.Host;

/// <summary>
/// The kitchen's web pages (KDS, expo, ERP dashboard): plain HTML + CSS + JS modules from <c>wwwroot</c>,
/// no build step. See <c>SCREEN-PAGES.md</c> beside this file.
/// </summary>
/// <remarks>
/// Pages and assets are GET endpoints rather than the static-files middleware: routing runs first,
/// and a two-segment path such as <c>/screens/kds.js</c> would otherwise match the POST-only gRPC
/// fallback <c>/{service}/{method}</c> and be answered 405 before any middleware could serve the file.
/// </remarks>
public static class ScreenPages
{
    /// <summary>Page routes and the file each one serves.</summary>
    public static IReadOnlyDictionary<string, string> Routes { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["/kds"] = "kds.html",
        ["/kds/expo"] = "expo.html",
        ["/erp"] = "erp.html",
        ["/ops"] = "ops.html",
    };

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    /// <summary>Maps the page routes and <c>/screens/*</c> (their CSS and JS modules).</summary>
    public static IEndpointRouteBuilder MapScreenPages(this IEndpointRouteBuilder endpoints, IFileProvider webRoot)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(webRoot);
        foreach (var (route, file) in Routes)
        {
            endpoints.MapGet(route, (HttpContext context) => Serve(context, webRoot, file)).ExcludeFromDescription();
        }

        endpoints.MapGet("/screens/{**path}", (HttpContext context, string path) => Serve(context, webRoot, "screens/" + path)).ExcludeFromDescription();
        return endpoints;
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
