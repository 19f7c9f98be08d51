using System.Net;
using System.Net.Sockets;

namespace ActorFabric.Interop.Tests.Harness;

/// <summary>
/// Hands out addresses in 127.0.0.0/8 and free TCP ports on them. Every test process starts in its
/// own /16 (derived from its PID) so that parallel runs on one machine do not reuse router ids or
/// source addresses; within a process the counter never repeats an address.
/// All interop traffic stays on loopback.
/// </summary>
public static class Loopback
{
    public static readonly IPAddress Localhost = IPAddress.Loopback;

    static readonly int SecondOctet = 16 + Environment.ProcessId % 200;
    static int next = 256; // skips 127.x.0.*: .0.1 etc. are popular with other tools
    static readonly HashSet<int> handedOutPorts = new();
    static readonly object gate = new();

    /// <summary>A fresh 127.x.y.z address, unique in this process (Linux answers on all of 127/8 without configuration).</summary>
    public static IPAddress NextAddress()
    {
        var n = Interlocked.Increment(ref next);
        var third = (n >> 8) & 0xFF;
        var fourth = n & 0xFF;
        if (fourth is 0 or 255) return NextAddress();
        return new IPAddress(new byte[] { 127, (byte)SecondOctet, (byte)third, (byte)fourth });
    }

    /// <summary>
    /// A TCP port that is free on <paramref name="address"/> right now (the kernel picks it), never handed
    /// out twice by this process. Another process may still take it before the daemon binds; daemons are
    /// started with a readiness check that reports such a clash.
    /// </summary>
    public static int FreeTcpPort(IPAddress? address = null)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var listener = new TcpListener(address ?? Localhost, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            lock (gate)
            {
                if (handedOutPorts.Add(port)) return port;
            }
        }
        throw new InvalidOperationException("no free TCP port found on loopback");
    }
}
