using Microsoft.Extensions.FileProviders;
using Rush.Platform.Http;

namespace Rush.Host;

/// <summary>
/// The kitchen's web pages (KDS, expo, ERP dashboard): plain HTML + CSS + JS modules from <c>wwwroot</c>,
/// no build step. See <c>SCREEN-PAGES.md</c> beside this file.
/// </summary>
public static class ScreenPages
{
    /// <summary>Page routes and the file each one serves.</summary>
    public static IReadOnlyDictionary<string, string> Routes { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["/kds"] = "kds.html",
        ["/kds/expo"] = "expo.html",
        ["/erp"] = "erp.html",
    };

    /// <summary>Serves <c>wwwroot</c> (assets under <c>/screens/</c>) and maps the page routes.</summary>
    public static WebApplication UseScreenPages(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Kitchen tablets stay open for days: "no-cache" makes them revalidate (ETag) instead of running
        // yesterday's script after a deployment, at the price of one conditional request per asset.
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
        });

        var webRoot = app.Environment.WebRootFileProvider;
        foreach (var (route, file) in Routes)
        {
            app.MapGet(route, (HttpContext context) => Page(context, webRoot, file)).ExcludeFromDescription();
        }

        return app;
    }

    private static IResult Page(HttpContext context, IFileProvider webRoot, string file)
    {
        var info = webRoot.GetFileInfo(file);
        if (!info.Exists || info.PhysicalPath is null)
        {
            return Problem.Result(context, 404, "page_not_found", $"The page file {file} is not deployed with this host.");
        }

        context.Response.Headers.CacheControl = "no-cache";
        return Results.File(info.PhysicalPath, "text/html; charset=utf-8");
    }
}
