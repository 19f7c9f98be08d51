using System.Buffers;
using System.Buffers.Binary;
using ActorFabric.Actors;
using ActorFabric.Actors.Serialization;

namespace ActorFabric.Fabric.Runtime.Messages;

/// <summary>Serializers for every fabric message that could cross a node (frames, port status, ticks).</summary>
internal static class FabricSerializers
{
    public static void Register(ActorSystem system)
    {
        system.Serialization.Register<FrameIn>(new DelegateSerializer<FrameIn>(
            (m, w) => WriteIntAndBytes(w, m.Port, m.Frame),
            b => new FrameIn(BinaryPrimitives.ReadInt32BigEndian(b), b[4..].ToArray())));
        system.Serialization.Register<LinkTransmit>(new DelegateSerializer<LinkTransmit>(
            (m, w) => WriteIntAndBytes(w, m.Side, m.Frame),
            b => new LinkTransmit(BinaryPrimitives.ReadInt32BigEndian(b), b[4..].ToArray())));
        system.Serialization.Register<PortStatus>(new DelegateSerializer<PortStatus>(
            (m, w) => WriteIntAndBytes(w, m.Port, [m.Up ? (byte)1 : (byte)0]),
            b => new PortStatus(BinaryPrimitives.ReadInt32BigEndian(b), b[4] != 0)));
        system.Serialization.Register<DeviceTick>(new DelegateSerializer<DeviceTick>((_, _) => { }, _ => DeviceTick.Instance));
        system.Serialization.Register<Devices.HostPingRequest>(new DelegateSerializer<Devices.HostPingRequest>(
            (m, w) => { WriteIntAndBytes(w, m.Count, []); WriteIntAndBytes(w, (int)m.Destination, []); WriteLong(w, m.Timeout.Ticks); },
            b => new Devices.HostPingRequest((uint)BinaryPrimitives.ReadInt32BigEndian(b[4..]), BinaryPrimitives.ReadInt32BigEndian(b), TimeSpan.FromTicks(BinaryPrimitives.ReadInt64BigEndian(b[8..])))));
        system.Serialization.Register<Devices.HostRefresh>(new DelegateSerializer<Devices.HostRefresh>((_, _) => { }, _ => Devices.HostRefresh.Instance));
        system.Serialization.Register<Devices.HostAnnounce>(new DelegateSerializer<Devices.HostAnnounce>((_, _) => { }, _ => Devices.HostAnnounce.Instance));
    }

    private static void WriteIntAndBytes(IBufferWriter<byte> w, int value, ReadOnlySpan<byte> bytes)
    {
        var span = w.GetSpan(4 + bytes.Length);
        BinaryPrimitives.WriteInt32BigEndian(span, value);
        bytes.CopyTo(span[4..]);
        w.Advance(4 + bytes.Length);
    }

    private static void WriteLong(IBufferWriter<byte> w, long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(w.GetSpan(8), value);
        w.Advance(8);
    }
}
