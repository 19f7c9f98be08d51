using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ActorFabric.Cli.Bgp.Speaker;
using ActorFabric.Wire.Bgp;

namespace ActorFabric.Cli.Tests.Bgp;

/// <summary>The TCP host over real loopback sockets, driven by a raw test client that speaks BGP bytes itself.</summary>
public sealed class BgpSpeakerHostTests
{
    private static BgpSpeakerHost StartHost(string address, string accept)
    {
        var host = new BgpSpeakerHost(new BgpSpeakerHostOptions
        {
            Asn = 65000, RouterId = IPAddress.Parse(address), RouteReflector = true,
            Listen = new IPEndPoint(IPAddress.Parse(address), 0), AcceptRanges = [accept],
        });
        host.Start();
        return host;
    }

    private static Socket Connect(string from, IPEndPoint to)
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 10_000 };
        s.Bind(new IPEndPoint(IPAddress.Parse(from), 0));
        s.Connect(to);
        return s;
    }

    /// <summary>Reads whole messages until the peer closes (or 10 s pass); returns their decoded types in order.</summary>
    private static List<BgpMessage> ReadUntilClosed(Socket s)
    {
        var reader = new ActorFabric.Protocols.Bgp.Transport.BgpStreamReader();
        var results = new List<BgpDecodeResult>();
        var buffer = new byte[65536];
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            int n;
            try { n = s.Receive(buffer); } catch (SocketException) { break; }
            if (n == 0) break;
            reader.Receive(buffer.AsSpan(0, n), () => BgpCodecOptions.Default, results);
        }
        return results.Where(r => r.Message is not null).Select(r => r.Message!).ToList();
    }

    [Fact]
    public void AConnectionFromOutsideTheAcceptRangeIsClosedWithoutAnOpen()
    {
        using var host = StartHost("127.0.0.71", "127.0.0.64/30");
        using var s = Connect("127.0.0.72", host.ListenEndpoint!); // .72 is outside .64/30
        Assert.Empty(ReadUntilClosed(s));
        Assert.Empty(host.PeersAsync().Result);
    }

    [Fact]
    public void ABadMarkerOnTheStreamIsAnsweredWithNotification1Then_the_connection_closes()
    {
        using var host = StartHost("127.0.0.73", "127.0.0.0/8");
        using var s = Connect("127.0.0.74", host.ListenEndpoint!);
        var open = new OpenMessage(4, 65000, 90, 0x7F00004A, [MultiprotocolCapability.Evpn, new FourOctetAsCapability(65000)]);
        s.Send(BgpMessageWriter.ToBytes(open, BgpCodecOptions.Default));
        var keepalive = BgpMessageWriter.ToBytes(KeepaliveMessage.Instance, BgpCodecOptions.Default);
        s.Send(keepalive);
        var broken = (byte[])keepalive.Clone();
        broken[5] = 0; // RFC 4271 §6.1: the marker must be all ones → Message Header Error / Connection Not Synchronized
        s.Send(broken);

        var received = ReadUntilClosed(s);
        Assert.IsType<OpenMessage>(received[0]);
        var notification = Assert.IsType<NotificationMessage>(received[^1]);
        Assert.Equal(1, notification.Code);
        Assert.Equal(1, notification.Subcode);
        // The dynamic peer is forgotten once its session is down (its routes, if any, with it).
        var deadline = Stopwatch.StartNew();
        while (host.PeersAsync().Result.Length != 0 && deadline.Elapsed < TimeSpan.FromSeconds(10)) Thread.Sleep(50);
        Assert.Empty(host.PeersAsync().Result);
    }
}
