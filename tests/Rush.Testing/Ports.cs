using System.Net;
using System.Net.Sockets;

namespace Rush.Testing;

/// <summary>Hands out free TCP ports on 127.0.0.1 by letting the kernel pick one.</summary>
public static class Ports
{
    private static readonly HashSet<int> HandedOut = [];
    private static readonly Lock Gate = new();

    /// <summary>
    /// Binds a socket to 127.0.0.1:0, reads the port the kernel chose and releases it.
    /// Never returns the same port twice within one process, so servers started in parallel do not collide.
    /// </summary>
    public static int FreeTcpPort()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            int port;
            using (var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
            {
                listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                port = ((IPEndPoint)listener.LocalEndPoint!).Port;
            }

            lock (Gate)
            {
                if (HandedOut.Add(port))
                {
                    return port;
                }
            }
        }

        throw new InvalidOperationException("Could not find a free TCP port on 127.0.0.1 after 100 attempts.");
    }
}
