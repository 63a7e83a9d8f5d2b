using Microsoft.Extensions.Options;
using Rush.Testing.Gateway;
using Rush.Ticketing.Gateway;

namespace Rush.PaymentGateway.Simulator.Tests.Support;

/// <summary>One simulator process and one webhook receiver for a test class (classes run in parallel, each with its own).</summary>
public class SimulatorFixture : IAsyncLifetime
{
    private GatewaySimulatorProcess? _simulator;
    private WebhookReceiver? _receiver;

    /// <summary>The simulator process.</summary>
    public GatewaySimulatorProcess Simulator => _simulator ?? throw new InvalidOperationException("Not started.");

    /// <summary>The merchant's notification endpoint.</summary>
    public WebhookReceiver Receiver => _receiver ?? throw new InvalidOperationException("Not started.");

    /// <summary>Shared by the clients (they do not own it).</summary>
    public HttpClient Http { get; } = new();

    /// <summary>A merchant client; <paramref name="password"/> overrides the right one to test refusals.</summary>
    public PaymentGatewayClient Client(string? password = null, TimeSpan? timeout = null) =>
        new(Http, Options.Create(new PaymentGatewayOptions
        {
            BaseUrl = Simulator.ApiBaseUrl.ToString(),
            TeamSlug = GatewaySimulatorProcess.TeamSlug,
            Password = password ?? Simulator.Password,
            WebhookSecret = Simulator.WebhookSecret,
            RequestTimeout = timeout ?? TimeSpan.FromSeconds(10),
        }));

    /// <summary>An init request with a fresh order id and the receiver as notification URL.</summary>
    public PaymentInitRequest NewPayment(long amount = 40_000_00) => new()
    {
        Amount = amount,
        Currency = "RUB",
        OrderId = "order-" + Guid.NewGuid().ToString("N"),
        Description = "Stadium concert, golden circle",
        SuccessUrl = new Uri("http://127.0.0.1:1/payments/success"),
        FailUrl = new Uri("http://127.0.0.1:1/payments/fail"),
        NotificationUrl = Receiver.Url,
    };

    /// <summary>Extra simulator settings for a derived fixture.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        _simulator = await GatewaySimulatorProcess.StartAsync(Settings);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_simulator is not null)
        {
            await _simulator.DisposeAsync();
        }

        if (_receiver is not null)
        {
            await _receiver.DisposeAsync();
        }

        Http.Dispose();
    }
}
