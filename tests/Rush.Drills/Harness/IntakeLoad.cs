using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Grpc.Core;
using Grpc.Net.Client;
using Rush.Contracts.Kitchen.V1;

namespace Rush.Drills.Harness;

/// <summary>
/// A steady stream of orders to one host, REST and gRPC mixed, each with its own idempotency key, every
/// attempt recorded with its outcome and latency. Bounded in requests and time.
/// </summary>
/// <remarks>
/// Paced: a ticker hands out <see cref="IntakeLoadOptions.PerSecond"/> tickets a second to
/// <see cref="IntakeLoadOptions.Workers"/> clients. When every client is stuck on a hanging request the
/// tickets are skipped and counted, so a dependency that makes intake hang shows as a drop in the
/// sent rate, not as a longer test.
/// </remarks>
public sealed class IntakeLoad : IAsyncDisposable
{
    private static readonly string[] Pizzas = ["Маргарита", "Пепперони", "Пицца Классическая", "Кола 0.5"];

    private readonly IntakeLoadOptions _options;
    private readonly string _run;
    private readonly HttpClient _rest;
    private readonly GrpcChannel _grpcChannel;
    private readonly OrderService.OrderServiceClient _grpc;
    private readonly ConcurrentQueue<IntakeAttempt> _attempts = new();
    private readonly ConcurrentDictionary<string, TimeSpan> _marks = new(StringComparer.Ordinal);
    private readonly Channel<int> _tickets;
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task _loop;
    private int _skipped;
    private int _acknowledged;

    private IntakeLoad(int httpPort, int grpcPort, string run, IntakeLoadOptions options)
    {
        _options = options;
        _run = run;
        _rest = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Workers, ConnectTimeout = options.ClientTimeout })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"),
            Timeout = options.ClientTimeout,
        };
        _grpcChannel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
        _grpc = new OrderService.OrderServiceClient(_grpcChannel);
        _tickets = Channel.CreateBounded<int>(new BoundedChannelOptions(options.Workers) { FullMode = BoundedChannelFullMode.Wait });
        _loop = RunAsync();
    }

    /// <summary>Every attempt so far.</summary>
    public IReadOnlyList<IntakeAttempt> Attempts => [.. _attempts];

    /// <summary>Orders acknowledged so far.</summary>
    public int AcknowledgedCount => Volatile.Read(ref _acknowledged);

    /// <summary>Tickets no client was free to take (intake was hanging).</summary>
    public int Skipped => Volatile.Read(ref _skipped);

    /// <summary>Time since the load started.</summary>
    public TimeSpan Now => _clock.Elapsed;

    /// <summary>Moments the drill marked (e.g. "killed", "restarted"), from the start of the load.</summary>
    public IReadOnlyDictionary<string, TimeSpan> Marks => _marks;

    /// <summary>Starts sending to the host's REST and gRPC ports; keys are <c>{run}-{n}</c>.</summary>
    public static IntakeLoad Start(int httpPort, int grpcPort, string run, IntakeLoadOptions? options = null) =>
        new(httpPort, grpcPort, run, options ?? new IntakeLoadOptions());

    /// <summary>Records the current moment under <paramref name="name"/> and returns it.</summary>
    public TimeSpan Mark(string name) => _marks[name] = Now;

    /// <summary>Waits until <paramref name="count"/> orders in total were acknowledged (fails after <paramref name="timeout"/>).</summary>
    public Task WaitForAcknowledgedAsync(int count, TimeSpan timeout) =>
        Rush.Testing.Poll.UntilAsync(() => Task.FromResult(AcknowledgedCount >= count || _loop.IsCompleted), timeout,
            $"{count} acknowledged orders (have {AcknowledgedCount})");

    /// <summary>Waits until an order sent after <paramref name="since"/> was acknowledged: intake works again.</summary>
    public Task WaitForAcknowledgedAfterAsync(TimeSpan since, TimeSpan timeout) =>
        Rush.Testing.Poll.UntilAsync(() => Task.FromResult(_attempts.Any(a => a.Acknowledged && a.StartedAt >= since) || _loop.IsCompleted), timeout,
            $"an order sent after {since.TotalSeconds:0.0} s to be acknowledged");

    /// <summary>Stops sending and waits for the requests in flight.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
    }

    /// <summary>Figures over the attempts started in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public LoadSummary Summarize(TimeSpan? from = null, TimeSpan? to = null) =>
        LoadSummary.Of(_attempts.Where(a => a.StartedAt >= (from ?? TimeSpan.Zero) && a.StartedAt < (to ?? TimeSpan.MaxValue)).ToList());

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _rest.Dispose();
        _grpcChannel.Dispose();
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        var workers = Enumerable.Range(0, _options.Workers).Select(_ => Task.Run(WorkAsync)).ToList();
        try
        {
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            bound.CancelAfter(_options.MaxDuration);
            using var ticker = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / _options.PerSecond));
            var n = 0;
            while (n < _options.MaxRequests && await ticker.WaitForNextTickAsync(bound.Token).ConfigureAwait(false))
            {
                if (_tickets.Writer.TryWrite(n))
                {
                    n++;
                }
                else
                {
                    Interlocked.Increment(ref _skipped);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped, or the duration bound passed.
        }
        finally
        {
            _tickets.Writer.TryComplete();
        }

        await Task.WhenAll(workers).ConfigureAwait(false);
    }

    private async Task WorkAsync()
    {
        await foreach (var n in _tickets.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            // gRPC whenever the running share crosses a whole number (every other one at 0.5): deterministic, so runs compare.
            var channel = Math.Floor((n + 1) * _options.GrpcShare) > Math.Floor(n * _options.GrpcShare) ? IntakeChannel.Grpc : IntakeChannel.Rest;
            var attempt = new IntakeAttempt(string.Create(CultureInfo.InvariantCulture, $"{_run}-{n}"), channel, Now);
            _attempts.Enqueue(attempt);
            var started = Stopwatch.GetTimestamp();
            try
            {
                if (channel == IntakeChannel.Rest)
                {
                    await SendRestAsync(attempt, n).ConfigureAwait(false);
                }
                else
                {
                    await SendGrpcAsync(attempt, n).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                attempt.Outcome = "no-answer";
                attempt.Detail = e.Message;
            }
            finally
            {
                attempt.Elapsed = Stopwatch.GetElapsedTime(started);
                if (attempt.Acknowledged)
                {
                    Interlocked.Increment(ref _acknowledged);
                }
            }
        }
    }

    private async Task SendRestAsync(IntakeAttempt attempt, int n)
    {
        var body = new Dictionary<string, object>
        {
            ["customerId"] = 100_000 + n,
            ["pizzaName"] = Pizzas[n % Pizzas.Length],
            ["quantity"] = 1 + (n % 2),
            ["customerFirstName"] = "Drill",
            ["customerLastName"] = "Load",
            ["customerPhone"] = "+79001234567",
            ["deliveryAddress"] = "ул. Ленина, д. 1",
            ["isPickup"] = false,
        };
        if (_options.DesiredTime is not null)
        {
            body["desiredTime"] = _options.DesiredTime;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", attempt.Key);
        using var response = await _rest.SendAsync(request).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        attempt.Outcome = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
        if (response.StatusCode == HttpStatusCode.Created)
        {
            using var json = JsonDocument.Parse(text);
            attempt.OrderId = json.RootElement.GetProperty("orderId").GetGuid();
        }
        else
        {
            attempt.Detail = text.Length > 300 ? text[..300] : text;
        }
    }

    private async Task SendGrpcAsync(IntakeAttempt attempt, int n)
    {
        var request = new PizzaOrderRequest
        {
            CustomerId = 100_000 + n,
            PizzaName = Pizzas[n % Pizzas.Length],
            Quantity = 1 + (n % 2),
            CustomerFirstName = "Drill",
            CustomerLastName = "Load",
            CustomerPhone = "+79001234567",
            DeliveryAddress = "ул. Ленина, д. 1",
            RequestId = attempt.Key,
            DesiredTime = _options.DesiredTime ?? "",
        };
        try
        {
            var response = await _grpc.CreateOrderAsync(request, deadline: DateTime.UtcNow + _options.ClientTimeout).ConfigureAwait(false);
            attempt.Outcome = "OK";
            attempt.OrderId = Guid.Parse(response.OrderId);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.DeadlineExceeded or StatusCode.Cancelled
                                     || (e.StatusCode == StatusCode.Unavailable && e.Status.DebugException is HttpRequestException or IOException))
        {
            // The deadline passed, or no connection: the server never answered.
            attempt.Outcome = "no-answer";
            attempt.Detail = e.Status.Detail;
        }
        catch (RpcException e)
        {
            attempt.Outcome = e.StatusCode.ToString().ToUpperInvariant();
            attempt.Detail = e.Status.Detail;
        }
    }
}
