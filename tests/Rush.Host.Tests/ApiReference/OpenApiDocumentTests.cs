using System.Text.Json;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Rush.Testing;
using Rush.Testing.Servers;

namespace Rush.Host.Tests.ApiReference;

/// <summary><c>/openapi/v1.json</c> describes every REST route Rush maps, with schemas and problem codes.</summary>
[Collection("servers")]
public sealed class OpenApiDocumentTests(TestServers servers)
{
    // Routes deliberately left out of the document, each with its reason. Any other route missing fails.
    private static readonly Dictionary<string, string> NotInTheDocument = new(StringComparer.Ordinal)
    {
        ["/kds"] = "screen page (HTML)",
        ["/kds/expo"] = "screen page (HTML)",
        ["/erp"] = "screen page (HTML)",
        ["/ops"] = "screen page (HTML)",
        ["/screens/{**path}"] = "screen pages' CSS and JS",
        ["/ws/kds"] = "WebSocket hub; protocol in src/Rush.Kitchen/Screens/SCREENS.md",
        ["/ws/erp"] = "WebSocket hub; protocol in src/Rush.Kitchen/Screens/SCREENS.md",
        ["/metrics"] = "Prometheus text format, not a JSON API",
        ["/openapi/{documentName}.json"] = "the document itself",
        ["/docs/{documentName?}"] = "the reference page",
    };

    // Scalar serves its own script, stylesheet and icon under the page's path.
    private const string ReferenceAssets = "/docs/";

    [Fact]
    public async Task Every_mapped_route_is_in_the_document()
    {
        await using var host = await RushTestHost.StartAsync(servers);
        using var document = JsonDocument.Parse(await host.Rest.GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");

        var missing = new List<string>();
        var checkedRoutes = 0;
        foreach (var endpoint in host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            // A group's "" route is "/api/bookings/" in the pattern and "/api/bookings" in the document.
            var route = "/" + endpoint.RoutePattern.RawText!.Trim('/');
            if (endpoint.Metadata.GetMetadata<GrpcMethodMetadata>() is not null || IsGrpcFallback(endpoint) || NotInTheDocument.ContainsKey(route)
                || (route.StartsWith(ReferenceAssets, StringComparison.Ordinal) && Path.HasExtension(route)))
            {
                continue;
            }

            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                checkedRoutes++;
                if (!paths.TryGetProperty(route, out var item) || !item.TryGetProperty(method.ToLowerInvariant(), out _))
                {
                    missing.Add($"{method} {route}");
                }
            }
        }

        Assert.True(missing.Count == 0, "missing from /openapi/v1.json: " + string.Join(", ", missing));
        Assert.True(checkedRoutes > 30, $"only {checkedRoutes} routes were checked: the walk over the endpoints is broken");
        Assert.True(paths.TryGetProperty("/health/ready", out _), "health endpoints are added by a document transformer");
    }

    [Fact]
    public async Task Intake_lists_its_request_and_response_schemas_and_problem_codes()
    {
        await using var host = await RushTestHost.StartAsync(servers);
        using var document = JsonDocument.Parse(await host.Rest.GetStringAsync("/openapi/v1.json"));
        var post = document.RootElement.GetProperty("paths").GetProperty("/api/v1/orders").GetProperty("post");

        var request = Resolve(document, post.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        Assert.True(request.GetProperty("properties").TryGetProperty("pizzaName", out _), request.GetRawText());
        var created = Resolve(document, post.GetProperty("responses").GetProperty("201").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        Assert.True(created.GetProperty("properties").TryGetProperty("targetSlotId", out _), created.GetRawText());

        var responses = post.GetProperty("responses");
        Assert.Equal(["kitchen_closed"], Codes(responses, "409"));
        Assert.Equal(["slots_full", "rate_limited"], Codes(responses, "429"));
        Assert.Contains("unknown_pizza", Codes(responses, "400"));
        Assert.Contains("application/problem+json", responses.GetProperty("409").GetProperty("content").EnumerateObject().Select(c => c.Name));
    }

    [Fact]
    public async Task Ticketing_schemas_use_its_snake_case_names()
    {
        await using var host = await RushTestHost.StartAsync(servers);
        using var document = JsonDocument.Parse(await host.Rest.GetStringAsync("/openapi/v1.json"));
        var post = document.RootElement.GetProperty("paths").GetProperty("/api/bookings").GetProperty("post");

        var request = Resolve(document, post.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema"));

        Assert.Equal(["event_id"], request.GetProperty("properties").EnumerateObject().Select(p => p.Name));
    }

    private static bool IsGrpcFallback(RouteEndpoint endpoint) =>
        endpoint.DisplayName?.StartsWith("gRPC - Unimplemented", StringComparison.Ordinal) == true;

    private static string[] Codes(JsonElement responses, string status) =>
        [.. responses.GetProperty(status).GetProperty("x-problem-codes").EnumerateArray().Select(c => c.GetString()!)];

    private static JsonElement Resolve(JsonDocument document, JsonElement schema)
    {
        if (!schema.TryGetProperty("$ref", out var reference))
        {
            return schema;
        }

        var name = reference.GetString()!.Split('/')[^1];
        return document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty(name);
    }
}
