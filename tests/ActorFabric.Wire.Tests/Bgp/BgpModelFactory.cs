using System.Net;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Wire.Tests.Bgp;

/// <summary>
/// Builds random but valid BGP/EVPN models from a seeded <see cref="Random"/>. FsCheck drives the seeds (see
/// <see cref="BgpGen"/>), the fuzz test reuses the same models as the valid base it mutates.
/// </summary>
public sealed class BgpModelFactory(Random rng)
{
    public static readonly byte[] KnownAttributeCodes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 14, 15, 16, 17, 18, 22, 32];

    public uint U32() => (uint)rng.NextInt64(0, 1L << 32);
    public ulong U64() => ((ulong)U32() << 32) | U32();
    public uint Label() => (uint)rng.Next(0, 1 << 24);
    public bool Coin() => rng.Next(2) == 0;
    public int Next(int min, int max) => rng.Next(min, max);
    public byte[] Bytes(int n) { var b = new byte[n]; rng.NextBytes(b); return b; }

    public RouteDistinguisher Rd() => rng.Next(3) switch
    {
        0 => RouteDistinguisher.FromAs2((ushort)rng.Next(0, 65536), U32()),
        1 => RouteDistinguisher.FromIpv4(U32(), (ushort)rng.Next(0, 65536)),
        _ => RouteDistinguisher.FromAs4(U32(), (ushort)rng.Next(0, 65536)),
    };

    public EthernetSegmentId Esi() => rng.Next(3) == 0 ? EthernetSegmentId.Zero : new EthernetSegmentId(U64(), (ushort)rng.Next(0, 65536));
    public MacAddress Mac() => new(U64() & 0xFFFF_FFFF_FFFFUL);
    public IPAddress V4() => new(Bytes(4));
    public IPAddress V6() => new(Bytes(16));
    public IPAddress Ip() => Coin() ? V4() : V6();

    public EvpnRoute Route() => Route(rng.Next(1, 10));

    public EvpnRoute Route(int type)
    {
        switch (type)
        {
            case 1: return new EthernetAutoDiscoveryRoute(Rd(), Esi(), Coin() ? EthernetAutoDiscoveryRoute.MaxEthernetTag : U32(), Label());
            case 2: return new MacIpAdvertisementRoute(Rd(), Esi(), U32(), Mac(), rng.Next(3) switch { 0 => null, 1 => V4(), _ => V6() }, Label(), Coin() ? Label() : null);
            case 3: return new InclusiveMulticastRoute(Rd(), U32(), Ip());
            case 4: return new EthernetSegmentRoute(Rd(), Esi(), Ip());
            case 5:
            {
                bool v4 = Coin();
                return new IpPrefixRoute(Rd(), Esi(), U32(), (byte)rng.Next(0, v4 ? 33 : 129), v4 ? V4() : V6(), v4 ? V4() : V6(), Label());
            }
            case 6: return new SelectiveMulticastRoute(Rd(), U32(), Coin() ? null : Ip(), Ip(), Ip(), (MulticastRouteFlags)rng.Next(0, 256));
            case 7: return new MulticastMembershipReportSynchRoute(Rd(), Esi(), U32(), Coin() ? null : Ip(), Ip(), Ip(), (MulticastRouteFlags)rng.Next(0, 256));
            case 8: return new MulticastLeaveSynchRoute(Rd(), Esi(), U32(), Coin() ? null : Ip(), Ip(), Ip(), U32(), (byte)rng.Next(0, 256), (MulticastRouteFlags)rng.Next(0, 256));
            default: return new UnknownEvpnRoute((byte)rng.Next(9, 256), Bytes(rng.Next(0, 60)));
        }
    }

    public EvpnRoute[] Routes(int max) { var r = new EvpnRoute[rng.Next(0, max + 1)]; for (int i = 0; i < r.Length; i++) r[i] = Route(); return r; }

    public ExtendedCommunity ExtendedCommunity() => rng.Next(13) switch
    {
        0 => ActorFabric.Wire.Bgp.ExtendedCommunity.RouteTargetAs2((ushort)rng.Next(0, 65536), U32()),
        1 => ActorFabric.Wire.Bgp.ExtendedCommunity.RouteTargetIpv4(U32(), (ushort)rng.Next(0, 65536)),
        2 => ActorFabric.Wire.Bgp.ExtendedCommunity.RouteTargetAs4(U32(), (ushort)rng.Next(0, 65536)),
        3 => ActorFabric.Wire.Bgp.ExtendedCommunity.VxlanEncapsulation,
        4 => ActorFabric.Wire.Bgp.ExtendedCommunity.MacMobility(U32(), Coin()),
        5 => ActorFabric.Wire.Bgp.ExtendedCommunity.EsiLabel(Coin(), Label()),
        6 => ActorFabric.Wire.Bgp.ExtendedCommunity.EsImportRouteTarget(Mac()),
        7 => ActorFabric.Wire.Bgp.ExtendedCommunity.RoutersMac(Mac()),
        8 => ActorFabric.Wire.Bgp.ExtendedCommunity.DefaultGateway,
        9 => ActorFabric.Wire.Bgp.ExtendedCommunity.MulticastFlags((ushort)rng.Next(0, 65536)),
        10 => ActorFabric.Wire.Bgp.ExtendedCommunity.DfElection((byte)rng.Next(0, 32), (ushort)rng.Next(0, 65536), (ushort)rng.Next(0, 65536)),
        11 => ActorFabric.Wire.Bgp.ExtendedCommunity.AutoDerivedRouteTarget((ushort)rng.Next(0, 65536), Label(), (byte)rng.Next(0, 16)),
        _ => new ExtendedCommunity(U64()), // anything, known or not
    };

    public AsPath AsPath(bool fourOctet)
    {
        var segs = new AsPathSegment[rng.Next(0, 4)];
        for (int i = 0; i < segs.Length; i++)
        {
            var type = fourOctet ? (AsPathSegmentType)rng.Next(1, 5) : (Coin() ? AsPathSegmentType.AsSequence : AsPathSegmentType.AsSet);
            var asns = new uint[rng.Next(1, 8)];
            for (int k = 0; k < asns.Length; k++) asns[k] = Coin() ? (uint)rng.Next(1, 65536) : U32();
            if (!fourOctet) for (int k = 0; k < asns.Length; k++) if (asns[k] == BgpConstants.AsTrans) asns[k] = 1;
            segs[i] = new AsPathSegment(type, asns);
        }
        return new AsPath(segs);
    }

    public PathAttributes Attributes(bool fourOctet, bool external)
    {
        var unknown = new List<UnknownPathAttribute>();
        var usedCodes = new HashSet<byte>(KnownAttributeCodes);
        for (int i = rng.Next(0, 3); i > 0; i--)
        {
            byte code;
            do code = (byte)rng.Next(11, 256); while (!usedCodes.Add(code));
            var flags = PathAttributeFlags.Optional | PathAttributeFlags.Transitive;
            if (Coin()) flags |= PathAttributeFlags.Partial;
            if (rng.Next(4) == 0) flags |= PathAttributeFlags.ExtendedLength;
            var value = Bytes(rng.Next(0, rng.Next(4) == 0 ? 300 : 20));
            if (value.Length > 255) flags &= ~PathAttributeFlags.ExtendedLength; // implied; the canonical model leaves it out
            unknown.Add(new UnknownPathAttribute(flags, code, value));
        }
        var ecs = new ExtendedCommunity[rng.Next(0, 6)];
        for (int i = 0; i < ecs.Length; i++) ecs[i] = ExtendedCommunity();
        return new PathAttributes
        {
            Origin = (Origin)rng.Next(0, 3),
            AsPath = AsPath(fourOctet),
            NextHop = rng.Next(4) == 0 ? V4() : null,
            MultiExitDisc = Coin() ? U32() : null,
            LocalPref = external ? null : U32(),
            AtomicAggregate = rng.Next(4) == 0,
            Aggregator = rng.Next(4) == 0 ? new Aggregator(Coin() ? (uint)rng.Next(1, 65536) : U32(), V4()) : null,
            Communities = Uints(rng.Next(0, 4)),
            OriginatorId = Coin() ? U32() : null,
            ClusterList = Uints(rng.Next(0, 4)),
            ExtendedCommunities = ecs,
            PmsiTunnel = rng.Next(3) switch
            {
                0 => null,
                1 => PmsiTunnel.IngressReplication(Label(), Ip()),
                _ => new PmsiTunnel((byte)rng.Next(0, 256), (byte)rng.Next(0, 256), Label(), Bytes(rng.Next(0, 20))),
            },
            LargeCommunities = rng.Next(4) == 0 ? Bytes(12 * rng.Next(1, 4)) : null,
            Unknown = unknown.ToArray(),
        };
    }

    private uint[] Uints(int n) { var r = new uint[n]; for (int i = 0; i < n; i++) r[i] = U32(); return r; }

    /// <summary>A valid EVPN UPDATE: announcements and/or withdrawals, sized to fit a 4096-octet message.</summary>
    public UpdateMessage EvpnUpdate(BgpCodecOptions options)
    {
        bool reach = rng.Next(4) != 0, unreach = rng.Next(3) == 0;
        var nh = rng.Next(3) switch { 0 => V4(), 1 => V6(), _ => V6() };
        uint[]? Ids(int n) => options.AddPathReceiveEvpn ? Uints(n) : null;
        var reachRoutes = Routes(12);
        var unreachRoutes = Routes(12);
        return new UpdateMessage
        {
            Attributes = reach ? Attributes(options.FourOctetAs, options.ExternalPeer) : PathAttributes.Empty,
            MpReach = reach ? new MpReachNlri(BgpConstants.AfiL2vpn, BgpConstants.SafiEvpn, nh, reachRoutes)
            {
                LinkLocalNextHop = nh.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && Coin() ? V6() : null,
                PathIds = Ids(reachRoutes.Length),
            } : null,
            MpUnreach = unreach || !reach ? new MpUnreachNlri(BgpConstants.AfiL2vpn, BgpConstants.SafiEvpn, unreachRoutes) { PathIds = Ids(unreachRoutes.Length) } : null,
        };
    }

    public Capability Capability() => rng.Next(8) switch
    {
        0 => new MultiprotocolCapability((ushort)rng.Next(0, 65536), (byte)rng.Next(0, 256)),
        1 => RouteRefreshCapability.Instance,
        2 => EnhancedRouteRefreshCapability.Instance,
        3 => ExtendedMessageCapability.Instance,
        4 => new FourOctetAsCapability(U32()),
        5 => new GracefulRestartCapability(Coin(), Coin(), (ushort)rng.Next(0, 4096),
            Enumerable.Range(0, rng.Next(0, 3)).Select(_ => new GracefulRestartFamily((ushort)rng.Next(0, 65536), (byte)rng.Next(0, 256), Coin())).ToArray()),
        6 => new AddPathCapability(Enumerable.Range(0, rng.Next(0, 3)).Select(_ => new AddPathFamily((ushort)rng.Next(0, 65536), (byte)rng.Next(0, 256), (AddPathDirection)rng.Next(1, 4))).ToArray()),
        _ => new UnknownCapability((byte)rng.Next(71, 256), Bytes(rng.Next(0, 30))),
    };

    public OpenMessage Open()
    {
        var caps = new Capability[rng.Next(0, rng.Next(5) == 0 ? 80 : 8)];
        for (int i = 0; i < caps.Length; i++) caps[i] = Capability();
        ushort hold = (ushort)rng.Next(0, 65536);
        if (hold is 1 or 2) hold = 3;
        uint id = U32();
        if (id == 0) id = 1;
        return new OpenMessage(4, (ushort)rng.Next(0, 65536), hold, id, caps);
    }

    public BgpMessage Message(BgpCodecOptions options) => rng.Next(6) switch
    {
        0 => Open(),
        1 => KeepaliveMessage.Instance,
        2 => new NotificationMessage((byte)rng.Next(0, 256), (byte)rng.Next(0, 256), Bytes(rng.Next(0, 40))),
        3 => new RouteRefreshMessage((ushort)rng.Next(0, 65536), (byte)rng.Next(0, 3), (byte)rng.Next(0, 256)),
        _ => EvpnUpdate(options),
    };
}
