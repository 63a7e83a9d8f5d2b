using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Rush.Testing;
using Rush.Testing.Servers;

namespace Rush.Host.Tests.Workflow;

[Collection("servers")]
public sealed class WorkflowValidationTests(TestServers servers)
{
    private static async Task<(HttpStatusCode Status, string Code)> PutRawAsync(RushTestHost host, string path, string body, string contentType = "application/json")
    {
        using var response = await host.KitchenRest.PutAsync(path, new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue(contentType)));
        Assert.True("application/problem+json" == response.Content.Headers.ContentType?.MediaType, $"{(int)response.StatusCode} {response.Content.Headers.ContentType} {await response.Content.ReadAsStringAsync()}");
        return (response.StatusCode, (await CookRequests.JsonAsync(response)).GetProperty("code").GetString()!);
    }

    [Fact]
    public async Task Malformed_requests_get_a_problem_with_a_code_and_change_nothing()
    {
        await using var host = await RushTestHost.StartAsync(servers);
        var id = await CookRequests.PlaceSeedExampleAsync(host);
        var status = $"/api/v1/erp/orders/{id}/status";
        var item = $"/api/v1/erp/orders/{id}/items/0/status";

        Assert.Equal((HttpStatusCode.NotFound, "order_not_found"), await PutRawAsync(host, $"/api/v1/erp/orders/{Guid.NewGuid()}/status", """{"status":"preparing"}"""));
        Assert.Equal((HttpStatusCode.NotFound, "order_not_found"), await PutRawAsync(host, $"/api/v1/erp/orders/{Guid.NewGuid()}/items/0/status", """{"done":true}"""));
        Assert.Equal((HttpStatusCode.NotFound, "item_not_found"), await PutRawAsync(host, $"/api/v1/erp/orders/{id}/items/1/status", """{"done":true}"""));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_id"), await PutRawAsync(host, "/api/v1/erp/orders/not-a-uuid/status", """{"status":"preparing"}"""));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_id"), await PutRawAsync(host, "/api/v1/erp/orders/42/items/0/status", """{"done":true}"""));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_item_index"), await PutRawAsync(host, $"/api/v1/erp/orders/{id}/items/-1/status", """{"done":true}"""));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_item_index"), await PutRawAsync(host, $"/api/v1/erp/orders/{id}/items/first/status", """{"done":true}"""));
        Assert.Equal((HttpStatusCode.BadRequest, "unknown_status"), await PutRawAsync(host, status, """{"status":"burnt"}"""));
        Assert.Equal((HttpStatusCode.BadRequest, "validation_failed"), await PutRawAsync(host, status, """{"expectedVersion":1}"""));
        Assert.Equal((HttpStatusCode.BadRequest, "validation_failed"), await PutRawAsync(host, status, """{"status":"preparing","expectedVersion":0}"""));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_json"), await PutRawAsync(host, status, """{"status":42}"""));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_json"), await PutRawAsync(host, status, """{"status":"""));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_json"), await PutRawAsync(host, status, "null"));
        Assert.Equal((HttpStatusCode.BadRequest, "validation_failed"), await PutRawAsync(host, item, "{}"));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_json"), await PutRawAsync(host, item, """{"done":"yes"}"""));
        Assert.Equal((HttpStatusCode.UnsupportedMediaType, "unsupported_media_type"), await PutRawAsync(host, status, "preparing", "text/plain"));
        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "payload_too_large"),
            await PutRawAsync(host, status, $$"""{"status":"preparing","note":"{{new string('x', 10_000)}}"}"""));

        Assert.Equal(1, await host.CountAsync("orders", $"id = '{id}' and status = 'pending' and version = 1"));
        Assert.Empty(await CookRequests.StatusEventsAsync(host, id));
    }

    [Fact]
    public async Task The_unknown_status_problem_lists_every_status()
    {
        await using var host = await RushTestHost.StartAsync(servers);
        var id = await CookRequests.PlaceSeedExampleAsync(host);

        using var response = await CookRequests.SetStatusAsync(host.KitchenRest, id, "baking");

        var problem = await CookRequests.JsonAsync(response);
        Assert.Equal(["pending", "preparing", "cooking", "ready", "completed", "cancelled"],
            problem.GetProperty("allowed").EnumerateArray().Select(s => s.GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
    }

    [Fact]
    public async Task Status_names_are_accepted_in_any_case()
    {
        await using var host = await RushTestHost.StartAsync(servers);
        var id = await CookRequests.PlaceSeedExampleAsync(host);

        using var response = await CookRequests.SetStatusAsync(host.KitchenRest, id, "Preparing");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("preparing", (await CookRequests.JsonAsync(response)).GetProperty("status").GetString());
    }
}
