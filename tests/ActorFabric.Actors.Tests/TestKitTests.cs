using ActorFabric.Actors.TestKit;

namespace ActorFabric.Actors.Tests;

public class TestKitTests
{
    [Fact]
    public void ExpectMsg_fails_when_nothing_arrives_in_time()
    {
        using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        kit.System.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(2), probe.Ref, "late", null);
        Assert.Throws<TestKitAssertionException>(() => probe.ExpectMsg<string>(TimeSpan.FromSeconds(1)));
        Assert.Equal("late", probe.ExpectMsg<string>(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void ExpectMsg_fails_on_a_message_of_the_wrong_type_or_value()
    {
        using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        probe.Ref.Tell(1);
        Assert.Throws<TestKitAssertionException>(() => probe.ExpectMsg<string>());
        probe.Ref.Tell("b");
        Assert.Throws<TestKitAssertionException>(() => probe.ExpectMsg("a"));
    }

    [Fact]
    public void ExpectNoMsg_fails_when_a_message_arrives()
    {
        using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        kit.System.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(2), probe.Ref, "x", null);
        probe.ExpectNoMsg(TimeSpan.FromSeconds(1));
        Assert.Throws<TestKitAssertionException>(() => probe.ExpectNoMsg(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void FishForMessage_skips_until_the_wanted_one()
    {
        using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        for (var i = 0; i < 5; i++) probe.Ref.Tell(i);
        Assert.Equal(3, probe.FishForMessage<int>(i => i == 3));
        Assert.Equal(4, probe.ExpectMsg<int>());
    }

    [Fact]
    public void Within_fails_when_the_block_takes_longer_than_allowed()
    {
        using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        kit.System.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(2), probe.Ref, "slow", null);
        Assert.Throws<TestKitAssertionException>(() => probe.Within(TimeSpan.FromSeconds(1), () => probe.ExpectMsg<string>()));
        probe.ExpectMsg("slow");
        kit.System.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(2), probe.Ref, "ok", null);
        probe.Within(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), () => probe.ExpectMsg("ok"));
    }

    [Fact]
    public void Within_fails_when_the_block_is_faster_than_the_minimum()
    {
        using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        probe.Ref.Tell("fast");
        Assert.Throws<TestKitAssertionException>(() => probe.Within(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), () => probe.ExpectMsg("fast")));
    }
}
