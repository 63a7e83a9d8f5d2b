using System.Net.WebSockets;
using System.Text;

namespace Rush.Kitchen.Tests.Screens;

/// <summary>A server-side WebSocket for hub tests: records what is sent, or never finishes a send (a screen on a dead link).</summary>
internal sealed class ScriptedWebSocket(bool stuck) : WebSocket
{
    private readonly List<string> _sent = [];
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebSocketState _state = WebSocketState.Open;

    public IReadOnlyList<string> Sent
    {
        get
        {
            lock (_sent)
            {
                return [.. _sent];
            }
        }
    }

    public override WebSocketCloseStatus? CloseStatus { get; }

    public override string? CloseStatusDescription { get; }

    public override WebSocketState State => _state;

    public override string? SubProtocol => null;

    public override async Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken)
    {
        if (stuck)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        lock (_sent)
        {
            _sent.Add(Encoding.UTF8.GetString(buffer));
        }
    }

    public override async Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken)
    {
        await _closed.Task.WaitAsync(cancellationToken);
        return new WebSocketReceiveResult(0, WebSocketMessageType.Close, true);
    }

    public override Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken)
    {
        _state = WebSocketState.CloseSent;
        _closed.TrySetResult();
        return Task.CompletedTask;
    }

    public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        CloseOutputAsync(closeStatus, statusDescription, cancellationToken);

    public override void Abort() => _state = WebSocketState.Aborted;

    public override void Dispose()
    {
    }
}
