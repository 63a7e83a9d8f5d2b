using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Rush.Testing;

namespace Rush.PaymentGateway.Simulator.Tests.Support;

/// <summary>A real HTTP endpoint (Kestrel on a free port) standing in for the merchant's notification URL.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly List<ReceivedWebhook> _received = [];
    private int _failNext;

    private WebhookReceiver(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The notification URL to give the gateway.</summary>
    public Uri Url { get; }

    /// <summary>Everything received so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedWebhook> Received
    {
        get
        {
            lock (_gate)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>Starts listening.</summary>
    public static async Task<WebhookReceiver> StartAsync()
    {
        var port = Ports.FreeTcpPort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, new Uri($"http://127.0.0.1:{port}/webhooks"));
        app.MapPost("/webhooks", (Delegate)receiver.ReceiveAsync);
        await app.StartAsync();
        return receiver;
    }

    /// <summary>The next <paramref name="count"/> requests are answered 500 (and not recorded), as a merchant that is down.</summary>
    public void FailNext(int count) => Volatile.Write(ref _failNext, count);

    /// <summary>The webhooks received for one payment.</summary>
    public IReadOnlyList<ReceivedWebhook> For(string paymentId) => [.. Received.Where(w => w.Parsed.PaymentId == paymentId)];

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> ReceiveAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        if (Interlocked.Decrement(ref _failNext) >= 0)
        {
            return Results.StatusCode(500);
        }

        var headers = context.Request.Headers;
        lock (_gate)
        {
            _received.Add(new ReceivedWebhook(buffer.ToArray(), headers["X-Webhook-Signature"], headers["X-Webhook-Event"], headers["X-Webhook-Delivery"]));
        }

        return Results.Ok();
    }
}
