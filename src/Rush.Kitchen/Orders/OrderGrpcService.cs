using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Rush.Contracts.Kitchen.V1;
using Rush.Platform.Grpc;
using Rush.Platform.RateLimiting;

namespace Rush.Kitchen.Orders;

/// <summary>gRPC <c>rush.kitchen.v1.OrderService/CreateOrder</c> (seed 001), the same use case as REST.</summary>
public static class OrderGrpcService
{
    /// <summary>Full service name from orders.proto.</summary>
    public const string ServiceName = "rush.kitchen.v1.OrderService";

    /// <summary>Maps the service's methods.</summary>
    public static IEndpointConventionBuilder MapOrderGrpcService(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGrpcUnary<PizzaOrderRequest, OrderResponse>(ServiceName, "CreateOrder", PizzaOrderRequest.Parser, CreateOrderAsync)
            .RequireRateLimiting(RatePolicyNames.Intake);

    private static async Task<OrderResponse> CreateOrderAsync(PizzaOrderRequest request, GrpcCallContext call)
    {
        var intake = call.HttpContext.RequestServices.GetRequiredService<OrderIntake>();
        try
        {
            var placed = await intake.PlaceAsync(ToRequest(request), request.RequestId.Length == 0 ? null : request.RequestId, call.HttpContext.User, OrderChannel.Grpc, call.CancellationToken);
            return new OrderResponse
            {
                OrderId = placed.OrderId.ToString(),
                DisplayId = placed.DisplayId,
                SlotStartTime = OrderEvents.Rfc3339(placed.SlotStartTime),
                EstimatedTime = OrderEvents.Rfc3339(placed.EstimatedTime),
                TargetSlotId = placed.TargetSlotId,
                VisibleAt = OrderEvents.Rfc3339(placed.VisibleAt),
                TotalPrice = (double)placed.TotalPrice,
                Status = placed.Status,
            };
        }
        catch (OrderRejectedException e)
        {
            throw new GrpcException(ToStatus(e.Kind), Describe(e));
        }
        catch (NpgsqlException)
        {
            throw new GrpcException(GrpcStatusCode.Unavailable, "The order database is unavailable; the order was not taken.");
        }
    }

    /// <summary>Maps the protobuf request onto the shared request model (empty strings mean absent).</summary>
    public static CreateOrderRequest ToRequest(PizzaOrderRequest r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new CreateOrderRequest
        {
            CustomerId = r.CustomerId,
            PizzaName = Empty(r.PizzaName),
            Quantity = r.PizzaName.Length == 0 ? null : r.Quantity,
            Extras = [.. r.Extras],
            Items = r.Items.Count == 0 ? null : r.Items.Select(i => new OrderLineRequest { PizzaName = i.PizzaName, Quantity = i.Quantity, Extras = [.. i.Extras] }).ToList(),
            CustomerFirstName = r.CustomerFirstName,
            CustomerLastName = r.CustomerLastName,
            CustomerPhone = r.CustomerPhone,
            DeliveryAddress = Empty(r.DeliveryAddress),
            IsPickup = r.IsPickup,
            DesiredTime = Empty(r.DesiredTime),
        };
    }

    private static GrpcStatusCode ToStatus(RejectionKind kind) => kind switch
    {
        RejectionKind.Invalid or RejectionKind.Unprocessable => GrpcStatusCode.InvalidArgument,
        RejectionKind.KitchenClosed => GrpcStatusCode.FailedPrecondition,
        RejectionKind.SlotsFull => GrpcStatusCode.ResourceExhausted,
        RejectionKind.NotFound => GrpcStatusCode.NotFound,
        _ => GrpcStatusCode.Unavailable,
    };

    // The seed's clients match on the message ("All slots are full for today"); field errors follow it.
    private static string Describe(OrderRejectedException e) =>
        e.Errors is null ? e.Message : $"{e.Message} {string.Join("; ", e.Errors.Select(kv => $"{kv.Key}: {string.Join(" ", kv.Value)}"))}";

    private static string? Empty(string value) => value.Length == 0 ? null : value;
}
