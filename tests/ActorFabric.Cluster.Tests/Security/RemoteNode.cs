using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using ActorFabric.Cluster.Security;
using Akka.Actor;
using Akka.Configuration;
using Akka.Remote.Transport.DotNetty;

namespace ActorFabric.Cluster.Tests.Security;

/// <summary>
/// An actor system with Akka.Remote on 127.0.0.1 (a free port), an <c>inbox</c> actor that keeps what it is sent and
/// answers "ack:" plus the text, and a record of its warnings and errors.
/// </summary>
internal sealed class RemoteNode : IDisposable
{
    private const string RemoteHocon = """
        akka {
          loglevel = INFO
          stdout-loglevel = OFF
          actor.provider = remote
          remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
        }
        """;

    private readonly ConcurrentQueue<string> _received = new();

    private RemoteNode(ActorSystem system)
    {
        System = system;
        Log = RecordedLog.Of(system);
        System.ActorOf(Props.Create(() => new Inbox(_received)), "inbox");
    }

    public ActorSystem System { get; }

    public RecordedLog Log { get; }

    public IReadOnlyCollection<string> Received => _received;

    public Address Address => ((ExtendedActorSystem)System).Provider.DefaultAddress;

    /// <summary>A cluster node: <see cref="ClusterTls.Bootstrap"/> over plain remote settings.</summary>
    public static RemoteNode WithClusterTls(string name, ClusterTls tls) =>
        new(ActorSystem.Create(name, tls.Bootstrap(ConfigurationFactory.ParseString(RemoteHocon))));

    /// <summary>A node without TLS.</summary>
    public static RemoteNode Plain(string name) => new(ActorSystem.Create(name, ConfigurationFactory.ParseString(RemoteHocon)));

    /// <summary>
    /// A node with TLS and its own certificate that accepts any peer: an outsider trying its luck, so the check it
    /// meets is the cluster node's alone.
    /// </summary>
    public static RemoteNode Outsider(string name, X509Certificate2 certificate)
    {
        var setup = new DotNettySslSetup(certificate, suppressValidation: true, requireMutualAuthentication: true);
        var config = ConfigurationFactory.ParseString("akka.remote.dot-netty.tcp.enable-ssl = true").WithFallback(ConfigurationFactory.ParseString(RemoteHocon));
        return new(ActorSystem.Create(name, BootstrapSetup.Create().WithConfig(config).And(setup)));
    }

    /// <summary>Asks <paramref name="target"/>'s inbox, as addressed from this node.</summary>
    public Task<string> AskInbox(RemoteNode target, string text, TimeSpan timeout) =>
        System.ActorSelection(new RootActorPath(target.Address) / "user" / "inbox").Ask<string>(text, timeout);

    /// <summary>Asks the inbox at an explicit address (a plain node cannot address a TLS node's "akka.ssl.tcp" address).</summary>
    public Task<string> AskInbox(Address target, string text, TimeSpan timeout) =>
        System.ActorSelection(new RootActorPath(target) / "user" / "inbox").Ask<string>(text, timeout);

    public void Dispose() => System.Terminate().Wait(TimeSpan.FromSeconds(10));

    private sealed class Inbox : ReceiveActor
    {
        public Inbox(ConcurrentQueue<string> received) => Receive<string>(text =>
        {
            received.Enqueue(text);
            Sender.Tell("ack:" + text);
        });
    }
}
