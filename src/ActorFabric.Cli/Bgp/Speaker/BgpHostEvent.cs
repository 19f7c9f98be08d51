using System.Net.Sockets;
using ActorFabric.Protocols.Bgp.Speaker;

namespace ActorFabric.Cli.Bgp.Speaker;

/// <summary>Something that happened outside the loop (a socket, the API, a stop request), queued for the loop thread.</summary>
internal abstract class BgpHostEvent
{
    public sealed class Accepted(Socket socket) : BgpHostEvent { public Socket Socket { get; } = socket; }

    /// <summary>Our outgoing connection attempt finished; <see cref="Socket"/> is null when it failed.</summary>
    public sealed class Connected(BgpPeer peer, Socket? socket) : BgpHostEvent
    {
        public BgpPeer Peer { get; } = peer;
        public Socket? Socket { get; } = socket;
    }

    /// <summary>Bytes read from a connection; <see cref="Buffer"/> is rented from the shared pool and returned by the loop.</summary>
    public sealed class Received(BgpConnection connection, byte[] buffer, int length) : BgpHostEvent
    {
        public BgpConnection Connection { get; } = connection;
        public byte[] Buffer { get; } = buffer;
        public int Length { get; } = length;
    }

    public sealed class Closed(BgpConnection connection) : BgpHostEvent { public BgpConnection Connection { get; } = connection; }

    /// <summary>Run code against the speaker on the loop thread (API calls, tests).</summary>
    public sealed class Invoke(Action<BgpSpeaker, TimeSpan> action) : BgpHostEvent { public Action<BgpSpeaker, TimeSpan> Action { get; } = action; }

    public sealed class Stop : BgpHostEvent;
}
