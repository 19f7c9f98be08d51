using System.Buffers.Binary;
using System.Runtime.Serialization;
using System.Text;
using Akka.Actor;
using Akka.Serialization;
using ActorFabric.Fabric.Runtime.Messages;

namespace ActorFabric.Cluster.Entities;

/// <summary>
/// The commands that carry a device's or a host's ref (a VM move: <see cref="AttachAccessPort"/>,
/// <see cref="LinkReattach"/>). An <see cref="EntityRef"/> exists only inside its node, so it is written as its
/// entity id and read back as the receiving node's ref of that entity; any other ref as its actor path.
/// Manifest "A" or "R"; body: the int fields big-endian, then the ref as "e:ID" or "p:PATH" (UTF-8).
/// </summary>
public sealed class EntityRefSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>Also in config/cluster.conf (serialization-identifiers).</summary>
    public override int Identifier => 4791;

    public override string Manifest(object o) => o switch
    {
        AttachAccessPort => "A",
        LinkReattach => "R",
        _ => throw new ArgumentException($"{o.GetType()} carries no fabric ref", nameof(o)),
    };

    public override byte[] ToBinary(object obj) => obj switch
    {
        AttachAccessPort m => Write(m.Port, m.Vlan, m.Link),
        LinkReattach m => Write(m.Port, 0, m.Device),
        _ => throw new ArgumentException($"{obj.GetType()} carries no fabric ref", nameof(obj)),
    };

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (bytes.Length < 6) throw new SerializationException($"fabric ref message '{manifest}' of {bytes.Length} bytes is truncated");
        int port = BinaryPrimitives.ReadInt32BigEndian(bytes);
        ushort vlan = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(4));
        var target = Resolve(Encoding.UTF8.GetString(bytes, 6, bytes.Length - 6));
        return manifest switch
        {
            "A" => new AttachAccessPort(port, vlan, target),
            "R" => new LinkReattach(target, port),
            _ => throw new SerializationException($"unknown fabric ref manifest '{manifest}'"),
        };
    }

    private static byte[] Write(int port, ushort vlan, IActorRef target)
    {
        var text = target is EntityRef e ? "e:" + e.EntityId : "p:" + Akka.Serialization.Serialization.SerializedActorPath(target);
        var bytes = new byte[6 + Encoding.UTF8.GetByteCount(text)];
        BinaryPrimitives.WriteInt32BigEndian(bytes, port);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(4), vlan);
        Encoding.UTF8.GetBytes(text, bytes.AsSpan(6));
        return bytes;
    }

    private IActorRef Resolve(string text) => text.StartsWith("e:", StringComparison.Ordinal)
        ? FabricEntities.Get(system).Ref(text[2..])
        : text.StartsWith("p:", StringComparison.Ordinal)
            ? system.Provider.ResolveActorRef(text[2..])
            : throw new SerializationException($"bad fabric ref '{text}'");
}
