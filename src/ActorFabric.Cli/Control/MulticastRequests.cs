namespace ActorFabric.Cli.Control;

/// <summary>POST /api/mcast/join body: <see cref="Version"/> null = IGMPv3 / MLDv2; <see cref="Sources"/> for a source-specific join.</summary>
public sealed record MulticastJoinRequest(string Host, string Group, int? Version = null, string[]? Sources = null);

/// <summary>POST /api/mcast/leave body.</summary>
public sealed record MulticastLeaveRequest(string Host, string Group);

/// <summary>POST /api/mcast/stream body: <see cref="Count"/> datagrams of <see cref="Size"/> payload octets at <see cref="Rate"/> per second.</summary>
public sealed record MulticastStreamRequest(string Host, string Group, int Rate = 100, int Size = 64, int Count = 100, ushort Port = 5001, byte Ttl = 1);

/// <summary>
/// POST /api/mcast/external body: the external source behind OISM PEG <see cref="Gateway"/> (of ip-vrf <see cref="Vrf"/>,
/// null: its only one) sends <see cref="Count"/> datagrams at <see cref="Rate"/> per second, from <see cref="Source"/>
/// (null: the configured <c>oism.external-source</c>).
/// </summary>
public sealed record MulticastExternalStreamRequest(string Gateway, string Group, string? Vrf = null, string? Source = null, int Rate = 100, int Size = 64, int Count = 100,
    byte Ttl = 64);
