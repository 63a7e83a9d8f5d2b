using Rush.Contracts.Kitchen.V1;
using Rush.Testing;
using Rush.Testing.Servers;

namespace Rush.Host.Tests.Orders;

[Collection("servers")]
public sealed class GrpcIntakeTests(TestServers servers)
{
    private const int Ok = 0;
    private const int Unknown = 2;
    private const int InvalidArgument = 3;
    private const int DeadlineExceeded = 4;
    private const int ResourceExhausted = 8;
    private const int FailedPrecondition = 9;
    private const int Unimplemented = 12;

    [Fact]
    public async Task Seed_example_over_grpc_is_stored_and_answered()
    {
        await using var host = await RushTestHost.StartAsync(servers);

        var (status, _, response) = await OrderRequests.CallGrpcAsync(host.Grpc, OrderRequests.SeedExampleProto());

        Assert.Equal(Ok, status);
        Assert.Equal(response!.OrderId[^4..], response.DisplayId);
        Assert.Equal(1924d, response.TotalPrice);
        Assert.StartsWith("slot:", response.TargetSlotId, StringComparison.Ordinal);
        Assert.Equal(response.SlotStartTime, response.EstimatedTime);
        Assert.Equal(1, await host.CountAsync("orders", $"id = '{response.OrderId}'"));
    }

    [Fact]
    public async Task Several_items_with_extras_are_accepted_over_grpc()
    {
        await using var host = await RushTestHost.StartAsync(servers);
        var request = OrderRequests.SeedExampleProto();
        request.PizzaName = "";
        request.Quantity = 0;
        request.Items.Add(new OrderLine { PizzaName = "Маргарита", Quantity = 2, Extras = { "Бекон" } });
        request.Items.Add(new OrderLine { PizzaName = "Кола 0.5", Quantity = 1 });

        var (status, _, response) = await OrderRequests.CallGrpcAsync(host.Grpc, request);

        Assert.Equal(Ok, status);
        Assert.Equal(((599d + 129d) * 2) + 150d, response!.TotalPrice);
    }

    [Fact]
    public async Task Request_id_makes_grpc_retries_idempotent()
    {
        await using var host = await RushTestHost.StartAsync(servers);
        var request = OrderRequests.SeedExampleProto();
        request.RequestId = "grpc-retry-1";

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => OrderRequests.CallGrpcAsync(host.Grpc, request)));

        Assert.All(answers, a => Assert.Equal(Ok, a.Status));
        Assert.Single(answers.Select(a => a.Response!.OrderId).Distinct());
        Assert.Equal(1, await host.CountAsync("orders"));
    }

    public static TheoryData<string> InvalidRequests => ["unknown pizza", "quantity 0", "quantity 51", "no items", "no address", "bad phone"];

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task Invalid_requests_answer_invalid_argument_and_change_nothing(string problem)
    {
        await using var host = await RushTestHost.StartAsync(servers);
        var request = OrderRequests.SeedExampleProto();
        switch (problem)
        {
            case "unknown pizza": request.PizzaName = "Пицца с кометой"; break;
            case "quantity 0": request.Quantity = 0; break;
            case "quantity 51": request.Quantity = 51; break;
            case "no items": request.PizzaName = ""; break;
            case "no address": request.DeliveryAddress = ""; break;
            case "bad phone": request.CustomerPhone = "12"; break;
        }

        var (status, message, _) = await OrderRequests.CallGrpcAsync(host.Grpc, request);

        Assert.Equal(InvalidArgument, status);
        Assert.False(string.IsNullOrWhiteSpace(message));
        Assert.Equal(0, await host.CountAsync("orders"));
    }

    [Fact]
    public async Task Malformed_protobuf_answers_unknown_and_changes_nothing()
    {
        await using var host = await RushTestHost.StartAsync(servers);

        // Grpc.AspNetCore reports a request message it cannot parse as UNKNOWN (grpc-go and grpc-java: INTERNAL).
        var (status, _, _) = await OrderRequests.CallGrpcAsync(host.Grpc, [0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]);

        Assert.Equal(Unknown, status);
        Assert.Equal(0, await host.CountAsync("orders"));
    }

    [Fact]
    public async Task An_expired_deadline_answers_deadline_exceeded_and_stores_nothing()
    {
        await using var host = await RushTestHost.StartAsync(servers);

        var (status, _, _) = await OrderRequests.CallGrpcAsync(host.Grpc, OrderRequests.SeedExampleProto(), timeout: "1u");

        Assert.Equal(DeadlineExceeded, status);
        Assert.Equal(0, await host.CountAsync("orders"));
    }

    [Fact]
    public async Task Closed_kitchen_and_full_slots_have_their_own_codes()
    {
        await using (var closed = await RushTestHost.StartAsync(servers, KitchenSettings.AllDays("closed")))
        {
            var (status, message, _) = await OrderRequests.CallGrpcAsync(closed.Grpc, OrderRequests.SeedExampleProto());
            Assert.Equal((FailedPrecondition, "Kitchen is closed"), (status, message));
        }

        var settings = KitchenSettings.AllDays("00:00-24:00");
        settings["Kitchen:SlotCapacity:MaxPrice"] = "1924";
        await using var full = await RushTestHost.StartAsync(servers, settings);
        for (var i = 0; i < 96; i++)
        {
            Assert.Equal(Ok, (await OrderRequests.CallGrpcAsync(full.Grpc, OrderRequests.SeedExampleProto())).Status);
        }

        var refused = await OrderRequests.CallGrpcAsync(full.Grpc, OrderRequests.SeedExampleProto());
        Assert.Equal((ResourceExhausted, "All slots are full for today"), (refused.Status, refused.Message));
        Assert.Equal(96, await full.CountAsync("orders"));
    }

    [Fact]
    public async Task Unknown_methods_answer_unimplemented()
    {
        await using var host = await RushTestHost.StartAsync(servers);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/rush.kitchen.v1.OrderService/DeleteEverything")
        {
            Content = new ByteArrayContent([0, 0, 0, 0, 0]),
            Version = System.Net.HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = new("application/grpc");

        using var response = await host.Grpc.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();

        // Trailers-only: nothing to send but the status, so it comes in the headers.
        var status = response.TrailingHeaders.TryGetValues("grpc-status", out var trailer) ? trailer : response.Headers.GetValues("grpc-status");
        Assert.Equal(Unimplemented.ToString(System.Globalization.CultureInfo.InvariantCulture), status.Single());
    }
}
