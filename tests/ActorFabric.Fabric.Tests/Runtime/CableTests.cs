using Akka.Actor;
using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Runtime.Links;
using ActorFabric.Fabric.Runtime.Messages;

namespace ActorFabric.Fabric.Tests.Runtime;

/// <summary>The carrier a cable reports to each end when a device's port loses or gets back its power.</summary>
public sealed class CableTests : IDisposable
{
    private readonly ActorSystem _system = FabricActorSystem.Create("cable", virtualTime: true, serializeMessages: false);
    private readonly Recorder _host = new("host"), _leaf = new("leaf");

    public void Dispose() => _system.Dispose();

    private Cable UpCable() => new(new LinkSetup(0, _host, 0, _leaf, 3, TimeSpan.FromMilliseconds(1), 0, true, 1, new LinkGauges()), _system);

    [Fact]
    public void A_stopped_leaf_takes_the_carrier_from_its_host_and_a_start_gives_it_back()
    {
        var cable = UpCable();
        cable.TryHandle(new PortPower(1, false), _leaf, _leaf);
        Assert.Equal([new PortStatus(0, false)], _host.Take());
        Assert.Empty(_leaf.Take()); // the leaf knows it stopped

        cable.TryHandle(new PortPower(1, true), _leaf, _leaf);
        Assert.Equal([new PortStatus(0, true)], _host.Take());
    }

    [Fact]
    public void A_leaf_that_boots_again_after_stopping_powers_its_port_so_the_host_gets_carrier_back()
    {
        // A stopped leaf whose next incarnation boots elsewhere (a hand-over) never sends PortPower(true): its boot's
        // CarrierRefresh must bring the port back, or the host stays without carrier and every frame is dropped.
        var cable = UpCable();
        cable.TryHandle(new PortPower(1, false), _leaf, _leaf);
        _host.Take();

        cable.TryHandle(new CarrierRefresh(1), _leaf, _leaf);

        Assert.Equal([new PortStatus(0, true)], _host.Take());
        Assert.Equal([new PortStatus(3, true)], _leaf.Take());
    }

    [Fact]
    public void A_refresh_on_a_powered_link_only_answers_the_asking_side()
    {
        var cable = UpCable();
        cable.TryHandle(new CarrierRefresh(1), _leaf, _leaf);
        Assert.Empty(_host.Take());
        Assert.Equal([new PortStatus(3, true)], _leaf.Take());
    }

    /// <summary>An end of the cable that keeps what it is told, in order, without an actor behind it.</summary>
    private sealed class Recorder(string name) : MinimalActorRef
    {
        private readonly List<object> _messages = [];

        public override ActorPath Path { get; } = new RootActorPath(new Address("akka", "cable")) / name;

        public override IActorRefProvider Provider => throw new NotSupportedException("a recorder has no provider");

        protected override void TellInternal(object message, IActorRef sender) => _messages.Add(message);

        public object[] Take()
        {
            var taken = _messages.ToArray();
            _messages.Clear();
            return taken;
        }
    }
}
