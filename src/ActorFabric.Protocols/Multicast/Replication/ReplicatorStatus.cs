using System.Net;

namespace ActorFabric.Protocols.Multicast.Replication;

public enum ReplicatorActivation : byte
{
    WaitingActivation,
    Active,
}

/// <summary>
/// One replicator seen in a bridge domain's flood list: its AR IP, its IR IP when its Regular-IR route (same RD) is
/// known, whether the activation timer has run, and the mode its Replicator-AR route announces (Extended-MH-AR flag).
/// </summary>
public sealed record ReplicatorStatus(IPAddress ArIp, IPAddress? IrIp, ReplicatorActivation State, TimeSpan ActiveFrom, AssistedReplicationMode AdvertisedMode);
