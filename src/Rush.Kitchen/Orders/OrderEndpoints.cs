using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Authorization;
using Npgsql;
using Rush.Platform.Http;
using Rush.Platform.Identity;
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
        // Anyone while Kitchen:AnonymousOrdering is on (a public web shop); tills with an API key only when it is off.
        endpoints.MapPost("/api/v1/orders", CreateAsync).RequireAuthorization(OrderIntakePolicy.Name).RequireRateLimiting(RatePolicyNames.Intake)
            .WithTags("Kitchen orders").WithSummary("Place an order (seed 001); Idempotency-Key makes a retry return the first answer.")
            .Accepts<CreateOrderRequest>("application/json").Produces<CreateOrderResponse>(StatusCodes.Status201Created)
            .ProducesProblemCodes(400, "invalid_json", "validation_failed", "unknown_pizza", "unknown_extra", "invalid_idempotency_key")
            .ProducesProblemCodes(409, "kitchen_closed").ProducesProblemCodes(413, "payload_too_large").ProducesProblemCodes(415, "unsupported_media_type")
            .ProducesProblemCodes(422, "order_too_large", "idempotency_key_reused").ProducesProblemCodes(429, "slots_full").ProducesProblemCodes(503, "unavailable");

        // Anyone who knows the order's id sees its status and items; contact data only with the order's
        // access token (its customer) or the Erp role (see GetAsync).
        endpoints.MapGet("/api/v1/orders/{id}", GetAsync).RequireRateLimiting(RatePolicyNames.General)
            .WithTags("Kitchen orders").WithSummary("One order with its items, slot and version (ETag); name, phone and address only with X-Order-Token or the Erp role.")
            .Produces<OrderView>().ProducesProblemCodes(400, "invalid_id").ProducesProblemCodes(404, "order_not_found");
        return endpoints;
    }

    private static async Task<IResult> CreateAsync(HttpContext context, OrderIntake intake, OrderAccessToken access)
    {
        var (request, problem) = await JsonBody.ReadAsync(context, KitchenJson.Api.CreateOrderRequest, MaxBodyBytes, context.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        var key = context.Request.Headers["Idempotency-Key"].ToString();
        try
        {
            var placed = await intake.PlaceAsync(request!, key.Length == 0 ? null : key, context.User, OrderChannel.Rest, context.RequestAborted);
            placed = placed with { OrderAccessToken = access.For(placed.OrderId) };
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

    private static async Task<IResult> GetAsync(HttpContext context, string id, OrderQueries queries, OrderAccessToken access, IAuthorizationService authorization)
    {
        if (!Guid.TryParse(id, out var orderId))
        {
            return Problem.Result(context, 400, "invalid_id", "The order id must be a UUID.");
        }

        var order = await queries.FindAsync(orderId, context.RequestAborted);
        if (order is null)
        {
            return Problem.Result(context, 404, "order_not_found", $"There is no order {orderId}.");
        }

        // The answer depends on who asks: no shared cache may keep it or hand it to someone else.
        context.Response.Headers.CacheControl = "private, no-store";
        context.Response.Headers.Vary = "Authorization, " + OrderAccessToken.Header;
        var trusted = access.Matches(orderId, context.Request.Headers[OrderAccessToken.Header].ToString())
            || (await authorization.AuthorizeAsync(context.User, RushPolicies.Erp)).Succeeded;
        return Workflow.OrderETag.Ok(context, order, trusted ? ContactData.Full : ContactData.None);
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
