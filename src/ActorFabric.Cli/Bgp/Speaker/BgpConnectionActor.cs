using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using static ActorFabric.Cli.Bgp.Speaker.BgpSpeakerMessages;

namespace ActorFabric.Cli.Bgp.Speaker;

/// <summary>
/// One TCP connection of the speaker, a child of <see cref="BgpSpeakerActor"/>, which watches it: the connection
/// ending for any reason (peer closed, read or write error, close requested, a crash) reaches the speaker as
/// <see cref="Terminated"/>. Reads run as an async loop that tells the speaker each chunk directly; writes
/// arrive as <see cref="Write"/> messages and go out with one gathered send; what arrives while a send is in
/// flight is sent together with the next one, so a busy connection writes large batches.
/// </summary>
internal sealed class BgpConnectionActor : UntypedActor
{
    private const int ReceiveBufferSize = 256 * 1024;

    private readonly Socket _socket;
    private readonly IActorRef _speaker;
    private readonly CancellationTokenSource _closing = new();
    private List<ArraySegment<byte>> _queued = [];
    private List<ArraySegment<byte>> _sending = [];
    private bool _sendInFlight;
    private bool _closeWhenSent;

    public BgpConnectionActor(Socket socket, IActorRef speaker)
    {
        _socket = socket;
        _speaker = speaker;
    }

    public static Props Props(Socket socket, IActorRef speaker) => Akka.Actor.Props.Create(typeof(BgpConnectionActor), socket, speaker);

    /// <summary>Socket options every BGP connection of the speaker gets (4 MiB buffers: a reflector writes bursts).</summary>
    public static void Configure(Socket socket)
    {
        socket.NoDelay = true;
        socket.SendBufferSize = 4 << 20;
        socket.ReceiveBufferSize = 4 << 20;
    }

    public static IPEndPoint RemoteOf(Socket socket) => socket.RemoteEndPoint as IPEndPoint ?? new IPEndPoint(IPAddress.None, 0);

    protected override void PreStart() => _ = ReceiveLoopAsync(Self, _speaker);

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Write w:
                if (_queued.Count == 0) _queued = w.Segments;
                else _queued.AddRange(w.Segments);
                SendNext();
                break;
            case SendCompleted:
                _sendInFlight = false;
                SendNext();
                break;
            case CloseAfterSend:
                _closeWhenSent = true;
                SendNext();
                break;
            case ConnectionEnded:
                Context.Stop(Self);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void SendNext()
    {
        if (_sendInFlight) return;
        if (_queued.Count == 0)
        {
            if (_closeWhenSent) Context.Stop(Self);
            return;
        }
        (_sending, _queued) = (_queued, _sending);
        _queued.Clear();
        _sendInFlight = true;
        _ = SendAsync(_sending, Self);
    }

    private async Task SendAsync(List<ArraySegment<byte>> segments, IActorRef self)
    {
        try
        {
            long total = 0;
            foreach (var s in segments) total += s.Count;
            int sent = await _socket.SendAsync(segments, SocketFlags.None).ConfigureAwait(false);
            // Stream sockets normally take everything; if not, go on from where the kernel stopped.
            while (sent < total)
            {
                total -= sent;
                while (sent > 0)
                {
                    if (segments[0].Count <= sent) { sent -= segments[0].Count; segments.RemoveAt(0); }
                    else { segments[0] = segments[0][sent..]; sent = 0; }
                }
                sent = await _socket.SendAsync(segments, SocketFlags.None).ConfigureAwait(false);
                if (sent == 0) throw new SocketException((int)SocketError.ConnectionReset);
            }
            self.Tell(SendCompleted.Instance);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            self.Tell(ConnectionEnded.Instance);
        }
    }

    private async Task ReceiveLoopAsync(IActorRef self, IActorRef speaker)
    {
        var buffer = new byte[ReceiveBufferSize];
        try
        {
            while (true)
            {
                int n = await _socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, _closing.Token).ConfigureAwait(false);
                if (n == 0) break;
                var chunk = ArrayPool<byte>.Shared.Rent(n);
                buffer.AsSpan(0, n).CopyTo(chunk);
                speaker.Tell(new Received(self, chunk, n));
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException) { }
        self.Tell(ConnectionEnded.Instance);
    }

    protected override void PostStop()
    {
        _closing.Cancel();
        try { _socket.Shutdown(SocketShutdown.Both); } catch (SocketException) { } catch (ObjectDisposedException) { }
        _socket.Dispose();
        _closing.Dispose();
    }

    private sealed class SendCompleted
    {
        public static readonly SendCompleted Instance = new();
    }

    private sealed class ConnectionEnded
    {
        public static readonly ConnectionEnded Instance = new();
    }
}
