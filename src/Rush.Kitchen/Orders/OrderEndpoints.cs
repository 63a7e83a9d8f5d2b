using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Npgsql;
using Rush.Platform.Http;
using Rush.Platform.RateLimiting;

namespace Rush.Kitchen.Orders;

/// <summary>REST intake: <c>POST /api/v1/orders</c> and <c>GET /api/v1/orders/{id}</c>.</summary>
public static class OrderEndpoints
{
    /// <summary>Largest order body accepted (a 20-line order is a few KB).</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>Maps the order routes.</summary>
    public static IEndpointRouteBuilder MapOrderEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/v1/orders", CreateAsync).RequireRateLimiting(RatePolicyNames.Intake)
            .WithTags("Kitchen orders").WithSummary("Place an order (seed 001); Idempotency-Key makes a retry return the first answer.")
            .Accepts<CreateOrderRequest>("application/json").Produces<CreateOrderResponse>(StatusCodes.Status201Created)
            .ProducesProblemCodes(400, "invalid_json", "validation_failed", "unknown_pizza", "unknown_extra", "invalid_idempotency_key")
            .ProducesProblemCodes(409, "kitchen_closed").ProducesProblemCodes(413, "payload_too_large").ProducesProblemCodes(415, "unsupported_media_type")
            .ProducesProblemCodes(422, "order_too_large").ProducesProblemCodes(429, "slots_full").ProducesProblemCodes(503, "unavailable");
        endpoints.MapGet("/api/v1/orders/{id}", GetAsync).RequireRateLimiting(RatePolicyNames.General)
            .WithTags("Kitchen orders").WithSummary("One order with its items, slot and version (ETag).")
            .Produces<OrderView>().ProducesProblemCodes(400, "invalid_id").ProducesProblemCodes(404, "order_not_found");
        return endpoints;
    }

    private static async Task<IResult> CreateAsync(HttpContext context, OrderIntake intake)
    {
        var (request, problem) = await JsonBody.ReadAsync(context, KitchenJson.Api.CreateOrderRequest, MaxBodyBytes, context.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        var key = context.Request.Headers["Idempotency-Key"].ToString();
        try
        {
            var placed = await intake.PlaceAsync(request!, key.Length == 0 ? null : key, OrderChannel.Rest, context.RequestAborted);
            return Results.Json(placed, KitchenJson.Api.CreateOrderResponse, statusCode: StatusCodes.Status201Created)
                .WithLocation($"/api/v1/orders/{placed.OrderId}");
        }
        catch (OrderRejectedException e)
        {
            return ToProblem(context, e);
        }
        catch (NpgsqlException)
        {
            return ToProblem(context, OrderRejectedException.Unavailable("The order database is unavailable; the order was not taken."));
        }
    }

    private static async Task<IResult> GetAsync(HttpContext context, string id, OrderQueries queries)
    {
        if (!Guid.TryParse(id, out var orderId))
        {
            return Problem.Result(context, 400, "invalid_id", "The order id must be a UUID.");
        }

        var order = await queries.FindAsync(orderId, context.RequestAborted);
        return order is null
            ? Problem.Result(context, 404, "order_not_found", $"There is no order {orderId}.")
            : Workflow.OrderETag.Ok(context, order);
    }

    /// <summary>The REST answer for a refusal: RFC 7807 with the rejection's code.</summary>
    public static IResult ToProblem(HttpContext context, OrderRejectedException e)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(e);
        var status = e.Kind switch
        {
            RejectionKind.Invalid => 400,
            RejectionKind.Unprocessable => 422,
            RejectionKind.KitchenClosed => 409,
            RejectionKind.SlotsFull => 429,
            RejectionKind.NotFound => 404,
            _ => 503,
        };
        if (e.RetryAfter is { } retry)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var extra = e.Errors is null ? null : new Dictionary<string, object?> { ["errors"] = e.Errors };
        return Problem.Result(context, status, e.Code, e.Message, extra);
    }

    private static LocatedResult WithLocation(this IResult result, string location) => new(result, location);

    private sealed class LocatedResult(IResult inner, string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
