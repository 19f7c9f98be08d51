using System.Net;
using System.Net.Sockets;
using ActorFabric.Protocols.Bgp.Speaker;
using ActorFabric.Protocols.Bgp.Transport;

namespace ActorFabric.Cli.Bgp.Speaker;

/// <summary>
/// One TCP connection of the host. The event loop owns the framing (<see cref="Reader"/>) and appends outgoing
/// bytes to a per-turn batch; <see cref="Flush"/> hands the batch to a single asynchronous sender that writes
/// it with one gathered send (the encoded UPDATE arrays are shared between connections, never copied).
/// </summary>
internal sealed class BgpConnection
{
    private readonly object _gate = new();
    private List<ArraySegment<byte>> _batch = [];     // loop thread only
    private List<ArraySegment<byte>> _queued = [];    // guarded by _gate
    private bool _sending;                            // guarded by _gate
    private bool _closeWhenSent;                      // guarded by _gate
    private int _closed;

    public BgpConnection(Socket socket, long id)
    {
        Socket = socket;
        Id = id;
        Remote = socket.RemoteEndPoint as IPEndPoint ?? new IPEndPoint(IPAddress.None, 0);
        socket.NoDelay = true;
        socket.SendBufferSize = 4 << 20;
        socket.ReceiveBufferSize = 4 << 20;
    }

    public Socket Socket { get; }
    public long Id { get; }
    public IPEndPoint Remote { get; }
    public IPAddress RemoteAddress => Remote.Address.IsIPv4MappedToIPv6 ? Remote.Address.MapToIPv4() : Remote.Address;
    public BgpPeer? Peer { get; set; }
    public BgpStreamReader Reader { get; } = new();
    public bool IsClosed => Volatile.Read(ref _closed) != 0;
    internal bool HasBatch => _batch.Count != 0;

    /// <summary>Queue bytes for this loop turn (loop thread only).</summary>
    public void Append(byte[] bytes) => _batch.Add(new ArraySegment<byte>(bytes));

    /// <summary>Hand this turn's bytes to the sender (loop thread only).</summary>
    public void Flush()
    {
        if (_batch.Count == 0) return;
        lock (_gate)
        {
            if (_queued.Count == 0) (_queued, _batch) = (_batch, _queued);
            else { _queued.AddRange(_batch); _batch.Clear(); }
            if (_sending) return;
            _sending = true;
        }
        _ = SendLoopAsync();
    }

    /// <summary>Close once everything queued so far is written (RFC 4271: a NOTIFICATION goes out before the close).</summary>
    public void CloseAfterSend()
    {
        Flush();
        lock (_gate)
        {
            _closeWhenSent = true;
            if (_sending) return;
        }
        Close();
    }

    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return;
        try { Socket.Shutdown(SocketShutdown.Both); } catch (SocketException) { } catch (ObjectDisposedException) { }
        Socket.Dispose();
    }

    private async Task SendAllAsync(List<ArraySegment<byte>> segments)
    {
        long total = 0;
        foreach (var s in segments) total += s.Count;
        int sent = await Socket.SendAsync(segments, SocketFlags.None).ConfigureAwait(false);
        // Stream sockets normally write everything; if not, continue from where the kernel stopped.
        while (sent < total)
        {
            total -= sent;
            while (sent > 0)
            {
                if (segments[0].Count <= sent) { sent -= segments[0].Count; segments.RemoveAt(0); }
                else { segments[0] = segments[0][sent..]; sent = 0; }
            }
            sent = await Socket.SendAsync(segments, SocketFlags.None).ConfigureAwait(false);
            if (sent == 0) throw new SocketException((int)SocketError.ConnectionReset);
        }
    }

    private async Task SendLoopAsync()
    {
        var sending = new List<ArraySegment<byte>>();
        try
        {
            while (true)
            {
                lock (_gate)
                {
                    if (_queued.Count == 0)
                    {
                        _sending = false;
                        if (_closeWhenSent) break;
                        return;
                    }
                    (sending, _queued) = (_queued, sending);
                }
                if (IsClosed) return;
                await SendAllAsync(sending).ConfigureAwait(false);
                sending.Clear();
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            lock (_gate) _sending = false;
            Close(); // the receive side sees the close and reports it to the loop
            return;
        }
        Close();
    }
}
