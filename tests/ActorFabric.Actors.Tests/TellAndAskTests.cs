using ActorFabric.Actors.Messages;
using ActorFabric.Actors.TestKit;

namespace ActorFabric.Actors.Tests;

public class TellAndAskTests
{
    [Fact]
    public void Messages_from_one_sender_arrive_in_the_order_they_were_sent()
    {
        using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var echo = kit.ActorOf(Props.Create(() => new EchoActor()), "echo");
        for (var i = 0; i < 500; i++) probe.Send(echo, new Ping(i));
        for (var i = 0; i < 500; i++) Assert.Equal(i, probe.ExpectMsg<Pong>().N);
    }

    [Fact]
    public async Task Ask_completes_with_the_reply()
    {
        using var kit = new ActorTestKit();
        var echo = kit.ActorOf(Props.Create(() => new EchoActor()));
        var reply = echo.Ask<Pong>(new Ping(7), TimeSpan.FromSeconds(1));
        kit.RunUntilIdle();
        Assert.Equal(7, (await reply).N);
    }

    [Fact]
    public async Task Ask_works_under_real_time()
    {
        await using var system = ActorSystem.Create("real");
        var echo = system.ActorOf(Props.Create(() => new EchoActor()), "echo");
        var reply = await echo.Ask<Pong>(new Ping(3), TimeSpan.FromSeconds(10));
        Assert.Equal(3, reply.N);
    }

    [Fact]
    public void Ask_past_its_timeout_fails_with_a_TimeoutException_naming_target_and_message_type()
    {
        using var kit = new ActorTestKit();
        var silent = kit.ActorOf(Props.Create(() => new CountingActor(kit.System.DeadLetterRef)), "silent");
        var reply = silent.Ask<Pong>(new Ping(1), TimeSpan.FromSeconds(5));
        kit.Advance(TimeSpan.FromSeconds(4));
        Assert.False(reply.IsCompleted);
        kit.Advance(TimeSpan.FromSeconds(2));
        var ex = Assert.Throws<TimeoutException>(() => reply.GetAwaiter().GetResult());
        Assert.Contains("/user/silent", ex.Message);
        Assert.Contains(nameof(Ping), ex.Message);
    }

    [Fact]
    public void Ask_fails_with_the_cause_of_a_Status_Failure_reply()
    {
        using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var reply = probe.Ref.Ask<Pong>("question", TimeSpan.FromSeconds(1));
        probe.ExpectMsg("question");
        probe.Reply(new Status.Failure(new ArgumentException("nope")));
        kit.RunUntilIdle();
        var ex = Assert.Throws<ArgumentException>(() => reply.GetAwaiter().GetResult());
        Assert.Equal("nope", ex.Message);
    }

    [Fact]
    public void A_message_to_a_stopped_actor_goes_to_dead_letters()
    {
        using var kit = new ActorTestKit();
        var echo = kit.ActorOf(Props.Create(() => new EchoActor()), "echo");
        var letters = new List<DeadLetter>();
        kit.System.DeadLetterPublished += letters.Add;
        kit.System.Stop(echo);
        kit.RunUntilIdle();
        Assert.Equal(0, kit.System.DeadLetters);
        echo.Tell(new Ping(1));
        kit.RunUntilIdle();
        Assert.Equal(1, kit.System.DeadLetters);
        var letter = Assert.Single(letters);
        Assert.Equal(new Ping(1), letter.Message);
        Assert.Same(echo, letter.Recipient);
    }

    [Fact]
    public void Messages_queued_behind_a_stop_become_dead_letters()
    {
        using var kit = new ActorTestKit();
        var echo = kit.ActorOf(Props.Create(() => new EchoActor()));
        kit.RunUntilIdle();
        kit.System.Stop(echo);
        echo.Tell(new Ping(1));
        echo.Tell(new Ping(2));
        kit.RunUntilIdle();
        Assert.Equal(2, kit.System.DeadLetters);
        Assert.Equal(0, kit.System.MessagesInFlight);
    }

    [Fact]
    public void Replying_to_no_sender_is_a_dead_letter()
    {
        using var kit = new ActorTestKit();
        var echo = kit.ActorOf(Props.Create(() => new EchoActor()));
        echo.Tell(new Ping(1), ActorRefs.NoSender);
        kit.RunUntilIdle();
        Assert.Equal(1, kit.System.DeadLetters);
    }

    [Fact]
    public void Actors_have_hierarchical_paths_and_can_be_resolved()
    {
        using var kit = new ActorTestKit();
        var fabric = kit.ActorOf(Props.Create(() => new ParentActor()), "fabric");
        var probe = kit.CreateProbe();
        probe.Send(fabric, "make:leaf1");
        var leaf = probe.ExpectMsg<IActorRef>();
        Assert.Equal("/user/fabric/leaf1", leaf.Path.ToString());
        Assert.Equal("/user/fabric/leaf1", ActorPath.Parse("/user/fabric/leaf1").ToString());
        Assert.Same(leaf, kit.System.Resolve("/user/fabric/leaf1"));
        Assert.Null(kit.System.Resolve("/user/fabric/leaf2"));
    }

    [Fact]
    public void Creating_two_siblings_with_the_same_name_fails()
    {
        using var kit = new ActorTestKit();
        kit.ActorOf(Props.Create(() => new EchoActor()), "dup");
        Assert.Throws<InvalidActorNameException>(() => kit.ActorOf(Props.Create(() => new EchoActor()), "dup"));
    }

    [Fact]
    public void A_name_is_free_again_once_its_actor_has_stopped()
    {
        using var kit = new ActorTestKit();
        var first = kit.ActorOf(Props.Create(() => new EchoActor()), "reuse");
        kit.System.Stop(first);
        kit.RunUntilIdle();
        var second = kit.ActorOf(Props.Create(() => new EchoActor()), "reuse");
        Assert.NotSame(first, second);
    }

    private sealed class ParentActor : ReceiveActor
    {
        public ParentActor()
        {
            Receive<string>(s => s.StartsWith("make:", StringComparison.Ordinal),
                s => Sender.Tell(Context.ActorOf(Props.Create(() => new EchoActor()), s[5..]), Self));
        }
    }
}
