using ActorFabric.Protocols.Bgp.Rib;
using ActorFabric.Protocols.Bgp.Session;
using ActorFabric.Wire.Bgp;

namespace ActorFabric.Protocols.Bgp.Speaker;

/// <summary>Something a <see cref="BgpSpeaker"/> asks its host to do or reports; drained in order with <see cref="BgpSpeaker.TryPoll"/>.</summary>
public abstract record BgpSpeakerOutput;

/// <summary>
/// Send a message to a peer, encoded with <see cref="BgpPeer.CodecOptions"/>. The same UpdateMessage instance
/// goes to every member of an update group, so a byte layer may encode it once and reuse the bytes.
/// </summary>
public sealed record BgpTransmit(BgpPeer Peer, BgpMessage Message) : BgpSpeakerOutput;

/// <summary>Open a transport connection to the peer's address.</summary>
public sealed record BgpConnectRequested(BgpPeer Peer) : BgpSpeakerOutput;

/// <summary>Close the peer's transport connection (after sending every earlier transmit for it).</summary>
public sealed record BgpDisconnectRequested(BgpPeer Peer) : BgpSpeakerOutput;

public sealed record BgpPeerStateChanged(BgpPeer Peer, BgpSessionState From, BgpSessionState To) : BgpSpeakerOutput;

/// <summary>A dynamic or removed peer is gone; the host forgets it.</summary>
public sealed record BgpPeerRemoved(BgpPeer Peer) : BgpSpeakerOutput;

/// <summary>The best path of a route key changed (only when <see cref="BgpSpeakerConfig.ReportBestPathChanges"/>).</summary>
public sealed record BgpBestPathChanged(LocRibChange Change) : BgpSpeakerOutput;
