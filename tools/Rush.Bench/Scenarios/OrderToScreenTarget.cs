using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Rush.Bench.Http;
using Rush.Bench.Load;

namespace Rush.Bench.Scenarios;

/// <summary>When a measured order was due to be sent and when its 201 answer had been read (<see cref="Stopwatch"/> ticks).</summary>
internal readonly record struct OrderTiming(long Intended, long Answered);

/// <summary>
/// order-to-screen's REST target: POSTs the kitchen-intake bodies like <see cref="RestPostTarget"/>, reads
/// <c>orderId</c> from each 2xx answer and, for requests in the measured window, keeps the order's intended send
/// time (from the open loop) and answer time. The screens then look the order up by id.
/// </summary>
internal sealed class OrderToScreenTarget(string name, HttpClient client, Uri uri, IPayloadSource payloads) : IScheduledLoadTarget
{
    private ConcurrentDictionary<Guid, OrderTiming> _measured = new();

    /// <inheritdoc />
    public string Name { get; } = name;

    /// <inheritdoc />
    public string Endpoint => $"POST {uri}";

    /// <summary>Orders placed by measured requests since the last <see cref="Reset"/>.</summary>
    public IReadOnlyDictionary<Guid, OrderTiming> Measured => _measured;

    /// <summary>Forgets the measured orders (before each run).</summary>
    public void Reset() => _measured = new ConcurrentDictionary<Guid, OrderTiming>();

    /// <summary>Reads <c>orderId</c> from a CreateOrderResponse body.</summary>
    public static bool TryReadOrderId(ReadOnlySpan<byte> json, out Guid orderId)
    {
        orderId = Guid.Empty;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isId = reader.ValueTextEquals("orderId"u8);
                reader.Read();
                if (isId)
                {
                    return reader.TokenType == JsonTokenType.String && reader.TryGetGuid(out orderId);
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }

        return false;
    }

    /// <inheritdoc />
    public ValueTask<SendResult> SendAsync(CancellationToken cancellationToken) =>
        SendAsync(Stopwatch.GetTimestamp(), measured: false, cancellationToken);

    /// <inheritdoc />
    public async ValueTask<SendResult> SendAsync(long intendedTimestamp, bool measured, CancellationToken cancellationToken)
    {
        try
        {
            using var request = RestPostTarget.CreateRequest(uri, payloads.Next());
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var answered = Stopwatch.GetTimestamp();
            var status = (int)response.StatusCode;
            if (status is >= 200 and < 300)
            {
                if (!TryReadOrderId(body, out var orderId))
                {
                    return new SendResult(Outcome.ErrorResponse, $"HTTP {status} without a readable orderId: {HttpBodies.Excerpt(System.Text.Encoding.UTF8.GetString(body), 120)}");
                }

                if (measured)
                {
                    _measured[orderId] = new OrderTiming(intendedTimestamp, answered);
                }

                return SendResult.Ok;
            }

            return response.StatusCode == HttpStatusCode.TooManyRequests
                ? SendResult.Rejected
                : new SendResult(Outcome.ErrorResponse, $"HTTP {status}");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return SendResult.TimedOut;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException or InvalidOperationException)
        {
            return new SendResult(Outcome.TransportError, HttpBodies.Describe(e));
        }
    }

    /// <inheritdoc />
    public async Task<(Outcome Outcome, string Detail)> ProbeAsync(CancellationToken cancellationToken)
    {
        var (outcome, detail, _) = await PlaceProbeAsync(cancellationToken).ConfigureAwait(false);
        return (outcome, detail);
    }

    /// <summary>Places one order and describes the answer in full; the order id when it was placed.</summary>
    public async Task<(Outcome Outcome, string Detail, Guid? OrderId)> PlaceProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var request = RestPostTarget.CreateRequest(uri, payloads.Next());
            using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var detail = $"HTTP {status}: {HttpBodies.Excerpt(System.Text.Encoding.UTF8.GetString(body))}";
            if (status is >= 200 and < 300)
            {
                return TryReadOrderId(body, out var orderId)
                    ? (Outcome.Ok, detail, orderId)
                    : (Outcome.ErrorResponse, "no readable orderId in the answer; " + detail, null);
            }

            return (status == 429 ? Outcome.Rejected : Outcome.ErrorResponse, detail, null);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException or InvalidOperationException)
        {
            return (Outcome.TransportError, HttpBodies.Describe(e), null);
        }
    }
}
