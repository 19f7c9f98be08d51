using System.Net;
using ActorFabric.Protocols.Bgp.Speaker;

namespace ActorFabric.Cli.Bgp.Speaker;

/// <summary>A configured neighbour the host connects to (and accepts from): <c>--peer ADDR:PORT</c>.</summary>
public sealed record BgpHostPeer(IPEndPoint Endpoint, uint? PeerAs = null, bool RouteReflectorClient = false, bool Passive = false);

/// <summary>Everything <see cref="BgpSpeakerHost"/> needs: where to listen, who we are, whom to accept and call.</summary>
public sealed record BgpSpeakerHostOptions
{
    public required uint Asn { get; init; }
    public required IPAddress RouterId { get; init; }
    /// <summary>Listening endpoint; null = no listener (outgoing sessions only).</summary>
    public IPEndPoint? Listen { get; init; }
    /// <summary>Source address of outgoing connections (defaults to the listen address so a listen-range peer can tell us apart).</summary>
    public IPAddress? LocalAddress { get; init; }
    /// <summary>Dynamic iBGP neighbours (<c>--accept 127.0.0.0/8</c>), like FRR's <c>bgp listen range</c>.</summary>
    public IReadOnlyList<string> AcceptRanges { get; init; } = [];
    public bool RouteReflector { get; init; }
    public IPAddress? ClusterId { get; init; }
    public IReadOnlyList<BgpHostPeer> Peers { get; init; } = [];
    public TimeSpan HoldTime { get; init; } = TimeSpan.FromSeconds(90);
    public TimeSpan ConnectRetryTime { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>Advertise RFC 8654 Extended Message (used only when the peer advertises it too).</summary>
    public bool ExtendedMessage { get; init; } = true;
    /// <summary>Receives one JSON object per line per session event; null = silent.</summary>
    public TextWriter? JsonLog { get; init; }
    /// <summary>Log route counts at most this often (when they changed).</summary>
    public TimeSpan RouteCountLogInterval { get; init; } = TimeSpan.FromSeconds(1);

    internal BgpSpeakerConfig ToSpeakerConfig(Protocols.Bgp.Session.BgpSessionConfig template) => new()
    {
        LocalAs = Asn,
        RouterId = BgpHostAddress.ToUInt(RouterId),
        RouteReflector = RouteReflector,
        ClusterId = ClusterId is null ? null : BgpHostAddress.ToUInt(ClusterId),
        ReportBestPathChanges = false,
        ListenRanges = AcceptRanges.Select(r => BgpListenRange.Parse(r, template with { PeerAs = Asn, RouteReflectorClient = RouteReflector })).ToArray(),
    };
}
