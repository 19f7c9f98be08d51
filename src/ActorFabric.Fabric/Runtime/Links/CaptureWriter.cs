using Akka.Actor;
using ActorFabric.Fabric.Runtime.Messages;
using ActorFabric.Wire.Pcap;

namespace ActorFabric.Fabric.Runtime.Links;

/// <summary>
/// One pcap file fed by one or more links (emulated timestamps). The file belongs to this actor alone: links tell
/// it each frame they accept for delivery, so each frame appears once per capture even when both directions are
/// captured. <see cref="CaptureClose"/> flushes and closes the file and answers with the capture's figures.
/// </summary>
internal sealed class CaptureWriter : UntypedActor
{
    private readonly string _id;
    private readonly string _target;
    private readonly string _path;
    private FileStream? _stream;
    private PcapWriter? _writer;
    private long _packets;

    public CaptureWriter(string id, string target, string path)
    {
        _id = id;
        _target = target;
        _path = path;
        // The facade created (and so checked) the file; this actor owns it from here on.
        _stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
        _writer = new PcapWriter(_stream, leaveOpen: true);
    }

    /// <summary>
    /// Starts a writer as a child of the fabric's root (the supervisor, or a cluster launcher's root) and tells the
    /// asker. A child, so it starts in this turn (a top-level actor would start later, on Akka's guardian thread).
    /// </summary>
    public static void StartUnder(IUntypedActorContext context, StartCaptureWriter m, IActorRef asker) =>
        asker.Tell(new CaptureWriterStarted(context.ActorOf(FabricProps.Of(() => new CaptureWriter(m.Id, m.Target, m.Path)), "capture-" + m.Id)));

    private CaptureInfo Info => new(_id, _target, _path, _packets, _stream is not null);

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case CaptureFrame f:
                if (_writer is null) return;
                _writer.WritePacket(f.At, f.Frame);
                _packets++;
                break;
            case CaptureInfoQuery:
                Sender.Tell(new QueryAnswer(Info));
                break;
            case CaptureClose:
                Close();
                Sender.Tell(new QueryAnswer(Info));
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    protected override void PostStop() => Close();

    private void Close()
    {
        if (_stream is null) return;
        _stream.Flush();
        _stream.Dispose();
        _stream = null;
        _writer = null;
    }
}
