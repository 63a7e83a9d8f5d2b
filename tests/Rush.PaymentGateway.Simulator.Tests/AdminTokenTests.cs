using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Rush.PaymentGateway.Simulator.Tests.Support;

namespace Rush.PaymentGateway.Simulator.Tests;

/// <summary>The test controls under <c>/admin</c> answer only to the admin token.</summary>
public sealed class AdminTokenTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    public static TheoryData<string, string, string?, string> Refusals => new()
    {
        { "GET", "admin/faults", null, "admin_token_missing" },
        { "PUT", "admin/faults", null, "admin_token_missing" },
        { "GET", "admin/payments/any", "Basic cnVzaDpydXNo", "admin_token_missing" },
        { "PUT", "admin/faults", "Bearer not-the-admin-token", "admin_token_invalid" },
        { "POST", "admin/payments/any/complete", "Bearer", "admin_token_missing" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Admin_without_the_right_token_answers_401_problem_and_changes_nothing(string method, string path, string? authorization, string code)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(fixture.Simulator.BaseUrl, path));
        if (method != "GET")
        {
            request.Content = JsonContent.Create(new { internalErrorProbability = 1.0, outcome = "success" });
        }

        if (authorization is not null)
        {
            _ = request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await fixture.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
        Assert.Equal(code, problem.GetProperty("code").GetString());

        // The refused PUT did not switch the fault on: the merchant API still answers normally.
        var init = await fixture.Client().InitAsync(fixture.NewPayment(), CancellationToken.None);
        Assert.False(string.IsNullOrEmpty(init.PaymentId));
    }

    [Fact]
    public async Task Admin_with_the_token_answers()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(fixture.Simulator.BaseUrl, "admin/faults"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Simulator.AdminToken);

        using var response = await fixture.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var faults = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0.0, faults.GetProperty("internalErrorProbability").GetDouble());
    }
}
