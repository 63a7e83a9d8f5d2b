using Rush.PaymentGateway.Simulator.Faults;

namespace Rush.PaymentGateway.Simulator.Api;

/// <summary>The merchant API under <c>/api/v1</c> (routes match case-insensitively, as the gateway's do).</summary>
public static class GatewayApi
{
    /// <summary>Maps init, check, confirm and cancel, behind the internal-error/timeout faults.</summary>
    public static IEndpointRouteBuilder MapGatewayApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1").AddEndpointFilter<ApiFaultFilter>();
        api.MapPost("/PaymentInit/init", InitEndpoint.HandleAsync);
        api.MapPost("/PaymentCheck/check", CheckEndpoint.HandleAsync);
        api.MapPost("/PaymentConfirm/confirm", ConfirmEndpoint.HandleAsync);
        api.MapPost("/PaymentCancel/cancel", CancelEndpoint.HandleAsync);
        return endpoints;
    }
}
