using ActorFabric.Wire.Pcap;

namespace ActorFabric.Fabric.Runtime.Links;

/// <summary>
/// One pcap file fed by one or more links (emulated timestamps). Frames are written when a link accepts them
/// for delivery, so each frame appears once per capture even when both directions are captured.
/// </summary>
internal sealed class LinkCapture : IDisposable
{
    private readonly FileStream _stream;
    private readonly PcapWriter _writer;
    private readonly object _gate = new();
    private bool _closed;

    public LinkCapture(string id, string target, string path)
    {
        Id = id;
        Target = target;
        Path = path;
        var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        _stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
        _writer = new PcapWriter(_stream, leaveOpen: true);
    }

    public string Id { get; }

    public string Target { get; }

    public string Path { get; }

    public long Packets { get; private set; }

    public bool Active => !_closed;

    public void Write(TimeSpan at, ReadOnlySpan<byte> frame)
    {
        lock (_gate)
        {
            if (_closed) return;
            _writer.WritePacket(at, frame);
            Packets++;
        }
    }

    public CaptureInfo Info => new(Id, Target, Path, Packets, Active);

    public void Dispose()
    {
        lock (_gate)
        {
            if (_closed) return;
            _closed = true;
            _stream.Flush();
            _stream.Dispose();
        }
    }
}
