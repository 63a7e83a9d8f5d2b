using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Options;
using Rush.PaymentGateway.Simulator.Auth;
using Rush.PaymentGateway.Simulator.Faults;
using Rush.PaymentGateway.Simulator.Payments;

namespace Rush.PaymentGateway.Simulator.Api;

/// <summary><c>POST /api/v1/PaymentInit/init</c>: registers a payment (idempotent by order id) and hands out the form URL.</summary>
public static class InitEndpoint
{
    private static readonly string[] Currencies = ["RUB", "USD", "EUR"];

    /// <summary>Handles one init call.</summary>
    public static async Task<IResult> HandleAsync(HttpContext context, MerchantAuthenticator auth, PaymentProcessor processor,
        FaultSwitch faults, TimeProvider clock, IOptions<GatewayOptions> options)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (request, bodyError) = await GatewayResults.ReadAsync(context, GatewayJson.Api.InitRequest);
        if (bodyError is not null)
        {
            return GatewayResults.Error(bodyError);
        }

        var authError = auth.Check(request!.TeamSlug, request.Token,
            (password, team) => MerchantToken.ForPayment(request.Amount ?? 0, request.Currency ?? "", request.OrderId ?? "", password, team));
        if (authError is not null)
        {
            return GatewayResults.Error(authError);
        }

        var argumentError = Validate(request);
        if (argumentError is not null)
        {
            return GatewayResults.Error(argumentError);
        }

        var now = clock.GetUtcNow();
        var lifetime = request.PaymentExpiry is { } minutes ? TimeSpan.FromMinutes(minutes) : processor.DefaultLifetime;
        var (payment, error) = processor.Register(new Payment
        {
            PaymentId = PaymentStore.NewPaymentId(),
            OrderId = request.OrderId!,
            Amount = request.Amount!.Value,
            Currency = request.Currency!,
            Description = request.Description,
            SuccessUrl = request.SuccessUrl,
            FailUrl = request.FailUrl,
            NotificationUrl = request.NotificationUrl,
            CreatedAt = now,
            ExpiresAt = now + lifetime,
            UpdatedAt = now,
        });
        if (error is not null)
        {
            return GatewayResults.Error(error);
        }

        // The payment is registered; the faults below lose or delay only the answer, as the real gateway does.
        if (faults.Roll(f => f.InitAbortProbability))
        {
            context.Abort();
            return Results.Empty;
        }

        if (faults.Roll(f => f.InitDelayProbability))
        {
            await Task.Delay(TimeSpan.FromSeconds(faults.Read(f => f.InitDelaySeconds)), clock, context.RequestAborted);
        }

        var baseUrl = string.IsNullOrEmpty(options.Value.PublicBaseUrl)
            ? UriHelper.BuildAbsolute(context.Request.Scheme, context.Request.Host, context.Request.PathBase)
            : options.Value.PublicBaseUrl;
        var paymentUrl = $"{baseUrl.TrimEnd('/')}/api/v1/paymentform/render/{payment.PaymentId}";
        return GatewayResults.Ok(
            new InitResponse(true, payment.PaymentId, payment.OrderId, payment.Status, payment.Amount, payment.Currency, paymentUrl, payment.ExpiresAt, payment.CreatedAt),
            GatewayJson.Api.InitResponse);
    }

    private static GatewayError? Validate(InitRequest request)
    {
        if (request.Amount is not > 0)
        {
            return GatewayError.BadArgument("amount must be a positive integer (minor units).");
        }

        if (string.IsNullOrWhiteSpace(request.OrderId) || request.OrderId.Length > 100)
        {
            return GatewayError.BadArgument("orderId is required (at most 100 characters).");
        }

        if (!Currencies.Contains(request.Currency, StringComparer.Ordinal))
        {
            return GatewayError.BadArgument("currency must be RUB, USD or EUR.");
        }

        if (request.PaymentExpiry is < 1 or > 43200)
        {
            return GatewayError.BadArgument("paymentExpiry must be between 1 and 43200 minutes.");
        }

        foreach (var (name, value) in new[] { ("successURL", request.SuccessUrl), ("failURL", request.FailUrl), ("notificationURL", request.NotificationUrl) })
        {
            if (value is not null && !(Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
            {
                return GatewayError.BadArgument($"{name} must be an absolute http(s) URL.");
            }
        }

        return null;
    }
}
