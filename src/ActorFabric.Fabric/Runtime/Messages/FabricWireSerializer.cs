using System.Buffers.Binary;
using Akka.Actor;
using Akka.Serialization;

namespace ActorFabric.Fabric.Runtime.Messages;

/// <summary>
/// Serializer of the frame-carrying messages (<see cref="IWireMessage"/>): a one-letter manifest names the type,
/// the body is big-endian fields followed by the frame's bytes. No reflection, one array per message.
/// </summary>
public sealed class FabricWireSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    private const string FrameInManifest = "F";
    private const string LinkTransmitManifest = "T";
    private const string PortStatusManifest = "P";
    private const string DeviceTickManifest = "K";
    private const string CaptureFrameManifest = "C";

    /// <summary>Also set in config/akka.conf (serialization-identifiers); the VXLAN port, easy to recognise.</summary>
    public override int Identifier => 4789;

    public override string Manifest(object o) => o switch
    {
        FrameIn => FrameInManifest,
        LinkTransmit => LinkTransmitManifest,
        PortStatus => PortStatusManifest,
        DeviceTick => DeviceTickManifest,
        CaptureFrame => CaptureFrameManifest,
        _ => throw new ArgumentException($"{o.GetType()} is not a fabric wire message", nameof(o)),
    };

    public override byte[] ToBinary(object obj) => obj switch
    {
        FrameIn m => IntsAndFrame(m.Port, m.TraceId, m.Frame),
        LinkTransmit m => IntsAndFrame(m.Side, m.TraceId, m.Frame),
        PortStatus m => IntsAndFrame(m.Port, m.Up ? 1 : 0, []),
        DeviceTick => [],
        CaptureFrame m => TicksAndFrame(m.At.Ticks, m.Frame),
        _ => throw new ArgumentException($"{obj.GetType()} is not a fabric wire message", nameof(obj)),
    };

    public override object FromBinary(byte[] bytes, string manifest)
    {
        switch (manifest)
        {
            case FrameInManifest: return new FrameIn(Int(bytes, 0), bytes[8..], Int(bytes, 4));
            case LinkTransmitManifest: return new LinkTransmit(Int(bytes, 0), bytes[8..], Int(bytes, 4));
            case PortStatusManifest: return new PortStatus(Int(bytes, 0), Int(bytes, 4) != 0);
            case DeviceTickManifest: return DeviceTick.Instance;
            case CaptureFrameManifest: return new CaptureFrame(TimeSpan.FromTicks(BinaryPrimitives.ReadInt64BigEndian(bytes)), bytes[8..]);
            default: throw new System.Runtime.Serialization.SerializationException($"unknown fabric wire manifest '{manifest}'");
        }
    }

    private static int Int(byte[] bytes, int at) => BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at));

    private static byte[] IntsAndFrame(int a, int b, byte[] frame)
    {
        var bytes = new byte[8 + frame.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, a);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), b);
        frame.CopyTo(bytes, 8);
        return bytes;
    }

    private static byte[] TicksAndFrame(long ticks, byte[] frame)
    {
        var bytes = new byte[8 + frame.Length];
        BinaryPrimitives.WriteInt64BigEndian(bytes, ticks);
        frame.CopyTo(bytes, 8);
        return bytes;
    }
}
