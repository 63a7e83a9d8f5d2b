using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;

namespace Rush.Ticketing.Gateway;

/// <summary>
/// Rush as a merchant of the payment gateway: init, check, confirm, cancel with the token formula. Every
/// failure is a <see cref="PaymentGatewayException"/> telling whether the gateway failed (transient) or
/// refused the request; there is no retry or breaker here, the caller wraps the client in its breaker.
/// </summary>
public sealed class PaymentGatewayClient
{
    private readonly HttpClient _http;
    private readonly PaymentGatewayOptions _options;
    private readonly Uri _base;

    /// <summary>Creates the client; <paramref name="http"/> needs no base address or timeout (both come from the options).</summary>
    public PaymentGatewayClient(HttpClient http, IOptions<PaymentGatewayOptions> options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _options = options.Value;
        _base = new Uri(_options.BaseUrl.TrimEnd('/') + "/", UriKind.Absolute);
    }

    /// <summary>Registers a payment. Safe to retry with the same order id: the gateway answers with the same payment.</summary>
    public Task<PaymentInitResult> InitAsync(PaymentInitRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var token = PaymentToken.ForPayment(request.Amount, request.Currency, request.OrderId, _options.Password, _options.TeamSlug);
        var body = new GatewayWire.Init(_options.TeamSlug, token, request.Amount, request.OrderId, request.Currency, request.Description,
            request.SuccessUrl, request.FailUrl, request.NotificationUrl, request.PaymentExpiryMinutes, request.Email, request.Language);
        return PostAsync("PaymentInit/init", body, PaymentGatewayJson.Default.Init, PaymentGatewayJson.Default.PaymentInitResult, cancellationToken);
    }

    /// <summary>The state of a payment by its id (token PaymentId + Password + TeamSlug).</summary>
    public Task<PaymentCheckResult> CheckAsync(string paymentId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(paymentId);
        var body = new GatewayWire.Check(_options.TeamSlug, PaymentToken.ForLookup(paymentId, _options.Password, _options.TeamSlug), paymentId, null);
        return PostAsync("PaymentCheck/check", body, PaymentGatewayJson.Default.Check, PaymentGatewayJson.Default.PaymentCheckResult, cancellationToken);
    }

    /// <summary>
    /// The payments of an order (token OrderId + Password + TeamSlug): what a reconciler asks when it never
    /// learnt the payment id because the init answer was lost. An empty list means the init never arrived.
    /// </summary>
    public Task<PaymentCheckResult> CheckOrderAsync(string orderId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(orderId);
        var body = new GatewayWire.Check(_options.TeamSlug, PaymentToken.ForLookup(orderId, _options.Password, _options.TeamSlug), null, orderId);
        return PostAsync("PaymentCheck/check", body, PaymentGatewayJson.Default.Check, PaymentGatewayJson.Default.PaymentCheckResult, cancellationToken);
    }

    /// <summary>Takes the money of an authorised payment. Error 2409 means it was confirmed before (a retried confirm).</summary>
    public Task<PaymentConfirmResult> ConfirmAsync(PaymentReference payment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payment);
        var body = new GatewayWire.Confirm(_options.TeamSlug, TokenFor(payment), payment.PaymentId, payment.Amount);
        return PostAsync("PaymentConfirm/confirm", body, PaymentGatewayJson.Default.Confirm, PaymentGatewayJson.Default.PaymentConfirmResult, cancellationToken);
    }

    /// <summary>Cancels (before confirmation) or refunds (after). Error 3409 means it was cancelled before.</summary>
    public Task<PaymentCancelResult> CancelAsync(PaymentReference payment, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payment);
        var body = new GatewayWire.Cancel(_options.TeamSlug, TokenFor(payment), payment.PaymentId, payment.Amount, reason);
        return PostAsync("PaymentCancel/cancel", body, PaymentGatewayJson.Default.Cancel, PaymentGatewayJson.Default.PaymentCancelResult, cancellationToken);
    }

    private string TokenFor(PaymentReference payment) =>
        PaymentToken.ForPayment(payment.Amount, payment.Currency, payment.OrderId, _options.Password, _options.TeamSlug);

    private async Task<TResult> PostAsync<TBody, TResult>(string path, TBody body, JsonTypeInfo<TBody> bodyType, JsonTypeInfo<TResult> resultType,
        CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        byte[] answer;
        int status;
        try
        {
            using var response = await _http.PostAsJsonAsync(new Uri(_base, path), body, bodyType, timeout.Token).ConfigureAwait(false);
            status = (int)response.StatusCode;
            answer = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PaymentGatewayException("timeout", null, true, $"The payment gateway did not answer {path} within {_options.RequestTimeout.TotalSeconds} s.", e);
        }
        catch (HttpRequestException e)
        {
            // Refused or aborted connection: whether the gateway acted on the call is unknown (retry idempotently or check).
            throw new PaymentGatewayException("transport", null, true, $"The payment gateway call {path} failed: {e.Message}", e);
        }

        return Read(path, status, answer, resultType);
    }

    private static TResult Read<TResult>(string path, int status, byte[] answer, JsonTypeInfo<TResult> resultType)
    {
        GatewayWire.Envelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize(answer, PaymentGatewayJson.Default.Envelope);
        }
        catch (JsonException)
        {
            envelope = null;
        }

        if (status is >= 200 and < 300 && envelope is { Success: true })
        {
            try
            {
                return JsonSerializer.Deserialize(answer, resultType)
                    ?? throw new PaymentGatewayException("bad_response", status, true, $"The payment gateway answered {path} with null.");
            }
            catch (JsonException e)
            {
                throw new PaymentGatewayException("bad_response", status, true, $"The payment gateway's answer to {path} is not readable: {e.Message}", e);
            }
        }

        // 5xx, timeouts and rate limits are the gateway's trouble; any other error is an answer about the request.
        var transient = status >= 500 || status is 408 or 429 || envelope?.ErrorCode is "1408" or "1429" or "9999";
        var code = envelope?.ErrorCode ?? $"http_{status}";
        throw new PaymentGatewayException(code, status, transient,
            $"The payment gateway refused {path}: {status} {code} {envelope?.Message}".TrimEnd());
    }
}
