using Grpc.Core;
using Npgsql;
using Rush.Contracts.Kitchen.V1;

namespace Rush.Kitchen.Orders;

/// <summary>
/// gRPC <c>rush.kitchen.v1.OrderService/CreateOrder</c> (seed 001), the same use case as REST, on the
/// service base class Grpc.Tools generates from orders.proto. Grpc.AspNetCore does the protocol
/// (framing, <c>grpc-timeout</c> deadlines, message limits, UNIMPLEMENTED for unknown methods); this class
/// turns the intake's refusals into the status codes the seed's clients expect.
/// </summary>
public sealed class OrderGrpcService(OrderIntake intake) : OrderService.OrderServiceBase
{
    /// <summary>Full service name from orders.proto.</summary>
    public const string ServiceName = "rush.kitchen.v1.OrderService";

    /// <inheritdoc />
    public override async Task<OrderResponse> CreateOrder(PizzaOrderRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);

        // A call whose deadline has already passed is refused before it reserves or stores anything.
        // Later, context.CancellationToken fires when the deadline passes or the client goes away, and
        // Grpc.AspNetCore answers DEADLINE_EXCEEDED itself; an order committed in that instant stays
        // committed, and a retry with the same request_id gets it back.
        if (context.Deadline <= DateTime.UtcNow)
        {
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded"));
        }

        try
        {
            var placed = await intake.PlaceAsync(ToRequest(request), request.RequestId.Length == 0 ? null : request.RequestId, context.GetHttpContext().User, OrderChannel.Grpc, context.CancellationToken);
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
            throw new RpcException(new Status(ToStatus(e.Kind), Describe(e)));
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "The order database is unavailable; the order was not taken."));
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

    private static StatusCode ToStatus(RejectionKind kind) => kind switch
    {
        RejectionKind.Invalid or RejectionKind.Unprocessable => StatusCode.InvalidArgument,
        RejectionKind.KitchenClosed => StatusCode.FailedPrecondition,
        RejectionKind.SlotsFull => StatusCode.ResourceExhausted,
        RejectionKind.NotFound => StatusCode.NotFound,
        _ => StatusCode.Unavailable,
    };

    // The seed's clients match on the message ("All slots are full for today"); field errors follow it.
    private static string Describe(OrderRejectedException e) =>
        e.Errors is null ? e.Message : $"{e.Message} {string.Join("; ", e.Errors.Select(kv => $"{kv.Key}: {string.Join(" ", kv.Value)}"))}";

    private static string? Empty(string value) => value.Length == 0 ? null : value;
}
