using ActorFabric.Wire.Bgp;

namespace ActorFabric.Protocols.Bgp.Transport;

/// <summary>
/// Turns the byte stream of one BGP connection (TCP in the real world, the emulated stream in a fabric) into
/// decoded messages. Bytes arrive in arbitrary pieces; whole messages are framed by the header length
/// (RFC 4271 §4.1) and decoded with the session's negotiated options. A malformed header makes the stream
/// unusable (message boundaries are lost): it yields one session-reset result carrying the NOTIFICATION
/// (RFC 4271 §6.1) and ignores everything after it, so the session can notify and close.
/// </summary>
public sealed class BgpStreamReader
{
    private byte[] _buffer = new byte[8192];
    private int _start;
    private int _end;

    /// <summary>True once a header error was seen; the connection must be closed.</summary>
    public bool Failed { get; private set; }

    /// <summary>Bytes received and not yet part of a whole message.</summary>
    public int Buffered => _end - _start;

    /// <summary>
    /// Appends <paramref name="data"/> and decodes every whole message now available, in order, into
    /// <paramref name="results"/>. <paramref name="optionsFor"/> is asked before each message, because an OPEN
    /// earlier in the same chunk can change the options (4-octet AS, extended message) for what follows.
    /// </summary>
    public void Receive(ReadOnlySpan<byte> data, Func<BgpCodecOptions> optionsFor, ICollection<BgpDecodeResult> results)
    {
        if (Failed) return;
        Append(data);
        while (!Failed)
        {
            var options = optionsFor();
            var pending = _buffer.AsSpan(_start, _end - _start);
            if (!BgpMessageReader.TryReadFrame(pending, options.MaxMessageLength, out var length, out var headerError))
            {
                if (headerError is not null)
                {
                    Failed = true;
                    results.Add(BgpDecodeResult.Failed(headerError));
                }
                break;
            }
            results.Add(BgpMessageReader.Decode(pending[..length], options));
            _start += length;
        }
        if (_start == _end) _start = _end = 0;
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        if (_end + data.Length > _buffer.Length)
        {
            var live = _end - _start;
            if (live + data.Length > _buffer.Length)
            {
                var bigger = new byte[Math.Max(_buffer.Length * 2, live + data.Length)];
                _buffer.AsSpan(_start, live).CopyTo(bigger);
                _buffer = bigger;
            }
            else
            {
                _buffer.AsSpan(_start, live).CopyTo(_buffer);
            }
            _start = 0;
            _end = live;
        }
        data.CopyTo(_buffer.AsSpan(_end));
        _end += data.Length;
    }
}
