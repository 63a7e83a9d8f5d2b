using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Rush.PaymentGateway.Simulator.Api;
using Rush.PaymentGateway.Simulator.Faults;
using Rush.PaymentGateway.Simulator.Payments;

namespace Rush.PaymentGateway.Simulator.Webhooks;

/// <summary>
/// Sends one signed webhook per status change to the payment's <c>notificationURL</c>, with retries, and
/// with the delivery faults (delay, duplicate, reorder, loss) the real gateway shows.
/// </summary>
/// <remarks>
/// Deliveries of one payment run one after another on a chain of tasks, so without faults the merchant
/// sees a payment's changes in order; only the reorder fault lets a later webhook overtake an earlier one.
/// </remarks>
public sealed partial class WebhookDispatcher(
    IHttpClientFactory httpClients,
    WebhookSigner signer,
    FaultSwitch faults,
    TimeProvider clock,
    IHostApplicationLifetime lifetime,
    IOptions<GatewayOptions> options,
    ILogger<WebhookDispatcher> logger)
{
    /// <summary>Name of the HttpClient used for deliveries.</summary>
    public const string HttpClientName = "webhooks";

    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    // _gate orders the queueing decisions (chain tails, held deliveries); sending happens outside it.
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Task> _tails = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WebhookDelivery> _held = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<WebhookDelivery>> _history = new(StringComparer.Ordinal);

    /// <summary>Queues the webhook for this status change (nothing when the payment has no notification URL).</summary>
    public void Notify(PaymentSnapshot payment)
    {
        ArgumentNullException.ThrowIfNull(payment);
        if (!Uri.TryCreate(payment.NotificationUrl, UriKind.Absolute, out var url))
        {
            return;
        }

        var delivery = Create(payment, url);
        _history.GetOrAdd(payment.PaymentId, _ => new ConcurrentQueue<WebhookDelivery>()).Enqueue(delivery);
        if (faults.Roll(f => f.WebhookLossProbability))
        {
            delivery.Fate = WebhookFate.Lost;
            delivery.Body = null;
            LogLost(logger, delivery.Event, payment.PaymentId, delivery.DeliveryId);
            return;
        }

        lock (_gate)
        {
            if (_held.Remove(payment.PaymentId, out var held))
            {
                // A webhook was held back for this payment: this one goes first, the held one right after it.
                Chain(delivery);
                held.Fate = WebhookFate.Pending;
                Chain(held);
            }
            else if (faults.Roll(f => f.WebhookReorderProbability))
            {
                delivery.Fate = WebhookFate.Held;
                _held[payment.PaymentId] = delivery;
                _ = ReleaseHeldLaterAsync(delivery, TimeSpan.FromSeconds(faults.Read(f => f.WebhookReorderHoldSeconds)));
            }
            else
            {
                Chain(delivery);
            }
        }
    }

    /// <summary>The webhooks of a payment so far, oldest first.</summary>
    public IReadOnlyList<WebhookDelivery> History(string paymentId) =>
        _history.TryGetValue(paymentId, out var queue) ? [.. queue] : [];

    private WebhookDelivery Create(PaymentSnapshot payment, Uri url)
    {
        var (status, eventName) = WebhookStatus.Of(payment.Status, options.Value.WebhookFinalStatusSpelling);
        var body = new WebhookPayload(payment.PaymentId, status, options.Value.TeamSlug, clock.GetUtcNow(),
            new WebhookData(payment.OrderId, payment.Amount, payment.Currency, PaymentStatusNames.Of(payment.Status), payment.FailureReason));
        var delay = TimeSpan.Zero;
        if (faults.Roll(f => f.WebhookDelayProbability))
        {
            var (min, max) = (faults.Read(f => f.WebhookDelayMinSeconds), faults.Read(f => f.WebhookDelayMaxSeconds));
            delay = TimeSpan.FromSeconds(min + (Random.Shared.NextDouble() * Math.Max(0, max - min)));
        }

        return new WebhookDelivery
        {
            DeliveryId = "dlv_" + Guid.NewGuid().ToString("N"),
            PaymentId = payment.PaymentId,
            Event = eventName,
            Status = status,
            Url = url,
            Body = JsonSerializer.SerializeToUtf8Bytes(body, GatewayJson.Api.WebhookPayload),
            Delay = delay,
            Duplicate = faults.Roll(f => f.WebhookDuplicateProbability),
        };
    }

    // Caller holds _gate.
    private void Chain(WebhookDelivery delivery)
    {
        var previous = _tails.TryGetValue(delivery.PaymentId, out var tail) ? tail : Task.CompletedTask;
        var next = RunAfterAsync(previous, delivery);
        _tails[delivery.PaymentId] = next;
        _ = next.ContinueWith(_ => Forget(delivery.PaymentId, next), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void Forget(string paymentId, Task finished)
    {
        lock (_gate)
        {
            if (_tails.TryGetValue(paymentId, out var tail) && ReferenceEquals(tail, finished))
            {
                _tails.Remove(paymentId);
            }
        }
    }

    private async Task ReleaseHeldLaterAsync(WebhookDelivery delivery, TimeSpan hold)
    {
        try
        {
            await Task.Delay(hold, clock, lifetime.ApplicationStopping);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        lock (_gate)
        {
            // Still held: no later webhook came to overtake it, so it goes out on its own.
            if (_held.TryGetValue(delivery.PaymentId, out var held) && ReferenceEquals(held, delivery))
            {
                _held.Remove(delivery.PaymentId);
                delivery.Fate = WebhookFate.Pending;
                Chain(delivery);
            }
        }
    }

    private async Task RunAfterAsync(Task previous, WebhookDelivery delivery)
    {
        // Let the caller (holding locks) return first; the chain continues on the thread pool.
        await Task.Yield();
        try
        {
            await previous;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The previous delivery's failure is its own business (already logged); this one still goes out.
        }

        var stopping = lifetime.ApplicationStopping;
        try
        {
            if (delivery.Delay > TimeSpan.Zero)
            {
                await Task.Delay(delivery.Delay, clock, stopping);
            }

            var delivered = await SendAsync(delivery, stopping);
            if (delivered && delivery.Duplicate)
            {
                await SendAsync(delivery, stopping);
            }

            delivery.Fate = delivered ? WebhookFate.Delivered : WebhookFate.Failed;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutting down: undelivered webhooks are lost, as with a real gateway restart.
        }
        finally
        {
            delivery.Body = null;
        }
    }

    private async Task<bool> SendAsync(WebhookDelivery delivery, CancellationToken stopping)
    {
        var settings = options.Value;
        var http = httpClients.CreateClient(HttpClientName);
        var body = delivery.Body ?? throw new InvalidOperationException($"Delivery {delivery.DeliveryId} has no body any more.");
        var signature = signer.Sign(body);
        for (var attempt = 1; attempt <= settings.WebhookMaxAttempts; attempt++)
        {
            delivery.CountAttempt();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            timeout.CancelAfter(settings.WebhookTimeout);
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url);
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                request.Headers.Add("X-Webhook-Signature", signature);
                request.Headers.Add("X-Webhook-Event", delivery.Event);
                request.Headers.Add("X-Webhook-Delivery", delivery.DeliveryId);
                using var response = await http.SendAsync(request, timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    delivery.CountSend();
                    return true;
                }

                LogAttemptFailed(logger, delivery.Event, delivery.PaymentId, attempt, $"HTTP {(int)response.StatusCode}");
            }
            catch (HttpRequestException e)
            {
                LogAttemptFailed(logger, delivery.Event, delivery.PaymentId, attempt, e.Message);
            }
            catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
            {
                LogAttemptFailed(logger, delivery.Event, delivery.PaymentId, attempt, $"no answer within {settings.WebhookTimeout.TotalSeconds} s");
            }

            if (attempt < settings.WebhookMaxAttempts)
            {
                var pause = settings.WebhookRetryDelay * Math.Pow(2, attempt - 1);
                await Task.Delay(pause < MaxRetryDelay ? pause : MaxRetryDelay, clock, stopping);
            }
        }

        LogGivenUp(logger, delivery.Event, delivery.PaymentId, settings.WebhookMaxAttempts);
        return false;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {Event} of {PaymentId} lost on purpose (delivery {DeliveryId})")]
    private static partial void LogLost(ILogger logger, string @event, string paymentId, string deliveryId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Event} of {PaymentId}, attempt {Attempt} failed: {Reason}")]
    private static partial void LogAttemptFailed(ILogger logger, string @event, string paymentId, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Event} of {PaymentId} given up after {Attempts} attempts")]
    private static partial void LogGivenUp(ILogger logger, string @event, string paymentId, int attempts);
}
