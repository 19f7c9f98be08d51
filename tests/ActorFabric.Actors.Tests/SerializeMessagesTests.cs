using System.Buffers;
using System.Buffers.Binary;
using ActorFabric.Actors.Serialization;
using ActorFabric.Actors.TestKit;

namespace ActorFabric.Actors.Tests;

public class SerializeMessagesTests
{
    public sealed record Registered(int Value);
    public sealed record Unregistered(int Value);

    private static IMessageSerializer RegisteredSerializer(Action? onRead = null) => new DelegateSerializer<Registered>(
        (m, w) =>
        {
            BinaryPrimitives.WriteInt32BigEndian(w.GetSpan(4), m.Value);
            w.Advance(4);
        },
        b =>
        {
            onRead?.Invoke();
            return new Registered(BinaryPrimitives.ReadInt32BigEndian(b));
        });

    /// <summary>Replies with the very object it received, so the test can compare identities.</summary>
    private sealed class MirrorActor : ReceiveActor
    {
        public MirrorActor() => ReceiveAny(m => Sender.Tell(new Wrapped(m), Self));
    }

    private sealed record Wrapped(object Inner) : Messages.ILocalMessage;

    [Fact]
    public void With_the_switch_on_every_tell_is_round_tripped_through_its_serializer()
    {
        using var kit = new ActorTestKit(serializeMessages: true);
        var reads = 0;
        kit.System.Serialization.Register<Registered>(RegisteredSerializer(() => reads++));
        var probe = kit.CreateProbe();
        var mirror = kit.ActorOf(Props.Create(() => new MirrorActor()));
        var sent = new Registered(42);
        probe.Send(mirror, sent);
        var received = probe.ExpectMsg<Wrapped>().Inner;
        Assert.Equal(sent, received);
        Assert.NotSame(sent, received);
        Assert.Equal(1, reads);
    }

    [Fact]
    public void With_the_switch_on_a_message_type_without_serializer_fails_loudly_at_send()
    {
        using var kit = new ActorTestKit(serializeMessages: true);
        var mirror = kit.ActorOf(Props.Create(() => new MirrorActor()), "mirror");
        var ex = Assert.Throws<MessageNotSerializableException>(() => mirror.Tell(new Unregistered(1)));
        Assert.Equal(typeof(Unregistered), ex.MessageType);
        Assert.Contains("/user/mirror", ex.Message);
        Assert.Throws<MessageNotSerializableException>(() =>
            kit.System.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(1), mirror, new Unregistered(2), null));
    }

    [Fact]
    public void With_the_switch_on_an_actor_sending_an_unserializable_message_fails_and_is_supervised()
    {
        using var kit = new ActorTestKit(serializeMessages: true);
        var probe = kit.CreateProbe();
        var sender = kit.ActorOf(Props.Create(() => new BadSenderActor()));
        probe.Send(sender, "send-bad");
        probe.ExpectNoMsg(TimeSpan.FromSeconds(1));
        probe.Send(sender, "still-alive?");
        probe.ExpectMsg("yes");
    }

    private sealed class BadSenderActor : ReceiveActor
    {
        public BadSenderActor()
        {
            Receive<string>(s => s == "send-bad", _ => Sender.Tell(new Unregistered(3), Self));
            Receive<string>(_ => Sender.Tell("yes", Self));
        }
    }

    [Fact]
    public void With_the_switch_off_the_same_instance_is_delivered_and_no_serializer_is_needed()
    {
        using var kit = new ActorTestKit(serializeMessages: false);
        var probe = kit.CreateProbe();
        var mirror = kit.ActorOf(Props.Create(() => new MirrorActor()));
        var sent = new Unregistered(5);
        probe.Send(mirror, sent);
        Assert.Same(sent, probe.ExpectMsg<Wrapped>().Inner);
    }

    [Fact]
    public void Built_in_serializers_cover_strings_and_integers()
    {
        using var kit = new ActorTestKit(serializeMessages: true);
        var probe = kit.CreateProbe();
        probe.Ref.Tell("text");
        probe.Ref.Tell(7);
        probe.Ref.Tell(7L);
        probe.ExpectMsg("text");
        probe.ExpectMsg(7);
        probe.ExpectMsg(7L);
    }
}
