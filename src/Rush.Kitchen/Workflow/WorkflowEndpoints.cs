using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Rush.Kitchen.Orders;
using Rush.Kitchen.Projection;
using Rush.Platform.Http;
using Rush.Platform.Identity;

namespace Rush.Kitchen.Workflow;

/// <summary>The cooks' REST routes: status changes, item bumps and the active-orders snapshot.</summary>
public static class WorkflowEndpoints
{
    /// <summary>Largest body accepted (a status change is a few dozen bytes).</summary>
    public const int MaxBodyBytes = 4 * 1024;

    /// <summary>Registers the workflow's services.</summary>
    public static IServiceCollection AddOrderWorkflow(this IServiceCollection services)
    {
        services.AddSingleton<OrderChangeStore>();
        services.AddSingleton<OrderWorkflow>();
        services.AddSingleton<ActiveOrderQueries>();

        // The projection module owns (and may register) the projector; TryAdd keeps one registration either way.
        services.TryAddSingleton<OrderProjector>();
        return services;
    }

    /// <summary>Maps <c>PUT /api/v1/erp/orders/{id}/status</c>, <c>PUT .../items/{index}/status</c> and <c>GET /api/v1/erp/orders/active</c>.</summary>
    public static IEndpointRouteBuilder MapOrderWorkflow(this IEndpointRouteBuilder endpoints)
    {
        // Working the orders is kitchen staff's (and operators'); the active list carries phones and addresses: Erp.
        endpoints.MapPut("/api/v1/erp/orders/{id}/status", ChangeStatusAsync).RequireAuthorization(RushPolicies.Kitchen).RequireRateLimiting(KitchenRatePolicies.Screens)
            .WithTags("Kitchen workflow").WithSummary("Move an order along pending → preparing → cooking → ready → completed (or cancel); expectedVersion or If-Match.")
            .Accepts<StatusChangeRequest>("application/json").Produces<OrderView>()
            .ProducesProblemCodes(400, "invalid_id", "invalid_json", "validation_failed", "unknown_status", "invalid_if_match", "conflicting_preconditions")
            .ProducesProblemCodes(404, "order_not_found").ProducesProblemCodes(409, "illegal_transition", "concurrent_update")
            .ProducesProblemCodes(412, "version_conflict").ProducesProblemCodes(413, "payload_too_large").ProducesProblemCodes(415, "unsupported_media_type");
        endpoints.MapPut("/api/v1/erp/orders/{id}/items/{index}/status", BumpItemAsync).RequireAuthorization(RushPolicies.Kitchen).RequireRateLimiting(KitchenRatePolicies.Screens)
            .WithTags("Kitchen workflow").WithSummary("Bump one item done; the order goes to ready when every item is done.")
            .Accepts<ItemBumpRequest>("application/json").Produces<OrderView>()
            .ProducesProblemCodes(400, "invalid_id", "invalid_item_index", "invalid_json", "validation_failed", "invalid_if_match", "conflicting_preconditions")
            .ProducesProblemCodes(404, "order_not_found", "item_not_found").ProducesProblemCodes(409, "order_not_in_progress", "concurrent_update")
            .ProducesProblemCodes(412, "version_conflict").ProducesProblemCodes(413, "payload_too_large").ProducesProblemCodes(415, "unsupported_media_type");
        endpoints.MapGet("/api/v1/erp/orders/active", ActiveOrdersEndpoint.GetAsync).RequireAuthorization(RushPolicies.Erp).RequireRateLimiting(KitchenRatePolicies.Screens)
            .WithTags("Kitchen workflow").WithSummary("The snapshot a screen loads (?status=&station=&limit=).")
            .Produces<ActiveOrders>().ProducesProblemCodes(400, "invalid_status", "unknown_station", "invalid_limit");
        return endpoints;
    }

    private static async Task<IResult> ChangeStatusAsync(HttpContext context, string id, OrderWorkflow workflow)
    {
        if (!Guid.TryParse(id, out var orderId))
        {
            return InvalidId(context);
        }

        var (body, problem) = await JsonBody.ReadAsync(context, KitchenJson.Api.StatusChangeRequest, MaxBodyBytes, context.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        if (OrderStatus.Parse(body!.Status) is not { } status)
        {
            return body.Status is null
                ? Invalid(context, "status", "status is required, e.g. {\"status\":\"cooking\"}.")
                : Problem.Result(context, 400, "unknown_status", $"'{body.Status}' is not an order status.",
                    new Dictionary<string, object?> { ["allowed"] = OrderStatus.All });
        }

        var (expected, precondition) = OrderETag.Expected(context, body.ExpectedVersion);
        return precondition ?? await RunAsync(context, () => workflow.ChangeStatusAsync(orderId, status, expected, context.RequestAborted));
    }

    private static async Task<IResult> BumpItemAsync(HttpContext context, string id, string index, OrderWorkflow workflow)
    {
        if (!Guid.TryParse(id, out var orderId))
        {
            return InvalidId(context);
        }

        if (!int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var itemIndex))
        {
            return Problem.Result(context, 400, "invalid_item_index", "The item index must be a whole number from 0 (the position of the line in the order).");
        }

        var (body, problem) = await JsonBody.ReadAsync(context, KitchenJson.Api.ItemBumpRequest, MaxBodyBytes, context.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.Done is not { } done)
        {
            return Invalid(context, "done", "done is required: {\"done\":true} marks the line done, false takes it back.");
        }

        var (expected, precondition) = OrderETag.Expected(context, body.ExpectedVersion);
        return precondition ?? await RunAsync(context, () => workflow.BumpItemAsync(orderId, itemIndex, done, expected, context.RequestAborted));
    }

    private static async Task<IResult> RunAsync(HttpContext context, Func<Task<KitchenOrder>> change)
    {
        try
        {
            return OrderETag.Ok(context, await change());
        }
        catch (OrderChangeRefusedException e)
        {
            return ToProblem(context, e);
        }
    }

    /// <summary>The REST answer for a refused change: RFC 7807 with its code and details (412 also carries the current ETag).</summary>
    public static IResult ToProblem(HttpContext context, OrderChangeRefusedException e)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(e);
        var status = e.Kind switch
        {
            ChangeRefusal.OrderNotFound or ChangeRefusal.ItemNotFound => 404,
            ChangeRefusal.VersionConflict => 412,
            _ => 409,
        };
        if (e.Details?.GetValueOrDefault("currentVersion") is int current)
        {
            context.Response.Headers.ETag = OrderETag.Format(current);
        }

        return Problem.Result(context, status, e.Code, e.Message, e.Details?.ToDictionary());
    }

    private static IResult InvalidId(HttpContext context) =>
        Problem.Result(context, 400, "invalid_id", "The order id must be a UUID.");

    private static IResult Invalid(HttpContext context, string field, string message) =>
        Problem.Result(context, 400, "validation_failed", message,
            new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } });
}
