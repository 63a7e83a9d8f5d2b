using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using Rush.Testing;

namespace Rush.Kitchen.Tests.Screens;

/// <summary>A real WebSocket screen (ClientWebSocket) that records every message a hub sends it.</summary>
internal sealed class ScreenTestClient : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly ClientWebSocket _socket = new();
    private readonly List<JsonElement> _messages = [];
    private readonly Lock _gate = new();
    private Task _receiving = Task.CompletedTask;

    /// <summary>How the server closed the socket, once it did.</summary>
    public WebSocketCloseStatus? CloseStatus { get; private set; }

    /// <summary>Every message received so far, in order.</summary>
    public IReadOnlyList<JsonElement> Messages
    {
        get
        {
            lock (_gate)
            {
                return [.. _messages];
            }
        }
    }

    /// <summary>The seq of the last message received (0 before any).</summary>
    public long LastSeq => Messages.Count == 0 ? 0 : Messages[^1].GetProperty("seq").GetInt64();

    /// <summary>Connects as the demo kitchen user (Basic on the upgrade request; the screens' pages use the session cookie).</summary>
    public static async Task<ScreenTestClient> ConnectAsync(RushTestHost host, string hub, long? since = null, string? station = null)
    {
        var query = new List<string>();
        if (since is { } s)
        {
            query.Add("since=" + s.ToString(CultureInfo.InvariantCulture));
        }

        if (station is not null)
        {
            query.Add("station=" + station);
        }

        var client = new ScreenTestClient();
        client._socket.Options.SetRequestHeader("Authorization", RushTestHost.Basic(Rush.Platform.Identity.DemoStaff.KitchenEmail, RushTestHost.KitchenPassword).ToString());
        var uri = new Uri($"ws://127.0.0.1:{host.HttpPort}/ws/{hub}{(query.Count == 0 ? "" : "?" + string.Join('&', query))}");
        await client._socket.ConnectAsync(uri, CancellationToken.None);
        client._receiving = client.ReceiveAsync();
        return client;
    }

    /// <summary>The "order" messages about one order.</summary>
    public List<JsonElement> About(Guid orderId) =>
        [.. Messages.Where(m => Type(m) == "order" && m.GetProperty("order").GetProperty("id").GetGuid() == orderId)];

    /// <summary>Ids of the orders in a snapshot message.</summary>
    public static List<Guid> SnapshotIds(JsonElement snapshot) =>
        [.. snapshot.GetProperty("orders").EnumerateArray().Select(o => o.GetProperty("id").GetGuid())];

    public static string Type(JsonElement message) => message.GetProperty("type").GetString()!;

    public static long Seq(JsonElement message) => message.GetProperty("seq").GetInt64();

    public Task WaitForAsync(Func<IReadOnlyList<JsonElement>, bool> condition, string what) =>
        Poll.UntilAsync(() => Task.FromResult(condition(Messages)), Patience, what);

    public Task WaitForOrderAsync(Guid orderId, string what) => WaitForAsync(_ => About(orderId).Count > 0, what);

    public Task WaitForCloseAsync() => Poll.UntilAsync(() => Task.FromResult(CloseStatus is not null), Patience, "the server to close the screen");

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    CloseStatus = result.CloseStatus;
                    return;
                }

                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    using var json = JsonDocument.Parse(message.ToArray());
                    lock (_gate)
                    {
                        _messages.Add(json.RootElement.Clone());
                    }

                    message.SetLength(0);
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            CloseStatus ??= WebSocketCloseStatus.Empty;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                _socket.Abort();
            }
        }

        await _receiving;
        _socket.Dispose();
    }
}
