using System.Net.Sockets;
using Akka.Actor;
using ActorFabric.Protocols.Bgp.Speaker;

namespace ActorFabric.Cli.Bgp.Speaker;

/// <summary>
/// Messages of the speaker's actors. They stay inside one process (they carry sockets, pooled buffers or
/// closures), so they have no serializer binding; the speaker's ActorSystem runs without remoting.
/// </summary>
internal static class BgpSpeakerMessages
{
    // ---- to BgpSpeakerActor, from socket tasks ----

    /// <summary>The accept loop took a connection; the speaker decides whether a session wants it.</summary>
    public sealed record Accepted(Socket Socket);

    /// <summary>Our outgoing connection attempt for peer <paramref name="PeerId"/> finished; <paramref name="Socket"/> is null when it failed.</summary>
    public sealed record Connected(int PeerId, Socket? Socket);

    /// <summary>Bytes read from a connection; <paramref name="Buffer"/> is rented from the shared pool and returned by the speaker actor.</summary>
    public sealed record Received(IActorRef Connection, byte[] Buffer, int Length);

    // ---- to BgpSpeakerActor, from the API (Ask) ----

    public sealed record Originate(IReadOnlyList<EvpnOrigination> Routes);

    public sealed record Withdraw(IReadOnlyList<EvpnOrigination> Routes);

    public sealed record QueryLocRib(BgpRibFilter Filter);

    public sealed class QueryPeers
    {
        public static readonly QueryPeers Instance = new();
        private QueryPeers() { }
    }

    /// <summary>Run code against the speaker inside the actor (in-process callers: tests, harnesses).</summary>
    public sealed record Invoke(Func<BgpSpeaker, TimeSpan, object?> Action);

    /// <summary>The answer to an <see cref="Invoke"/> (Akka messages cannot be null).</summary>
    public sealed record InvokeResult(object? Value);

    /// <summary>Cease to every peer, close every connection; answered with <see cref="Stopped"/> once the connections are gone (or after a grace time).</summary>
    public sealed class Stop
    {
        public static readonly Stop Instance = new();
        private Stop() { }
    }

    public sealed class Stopped
    {
        public static readonly Stopped Instance = new();
        private Stopped() { }
    }

    // ---- to BgpConnectionActor ----

    /// <summary>Bytes to write, in order; the arrays may be shared with other connections and are never changed.</summary>
    public sealed record Write(List<ArraySegment<byte>> Segments);

    /// <summary>Close once everything written so far is sent (RFC 4271: a NOTIFICATION goes out before the close).</summary>
    public sealed class CloseAfterSend
    {
        public static readonly CloseAfterSend Instance = new();
        private CloseAfterSend() { }
    }
}
