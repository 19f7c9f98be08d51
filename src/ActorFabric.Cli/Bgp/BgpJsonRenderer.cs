using System.Net;
using System.Text.Json;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Cli.Bgp;

/// <summary>Writes decoded BGP messages, attributes, EVPN routes and extended communities as JSON (snake_case keys).</summary>
public static class BgpJsonRenderer
{
    public static void WriteDecodeResult(Utf8JsonWriter w, BgpDecodeResult r)
    {
        w.WriteStartObject();
        w.WriteString("action", ActionName(r.Action));
        if (r.Notification is { } n) { w.WritePropertyName("notification"); WriteMessage(w, n); }
        if (r.Message is { } m) { w.WritePropertyName("message"); WriteMessage(w, m); }
        WriteErrors(w, r.Errors);
        w.WriteEndObject();
    }

    public static string ActionName(BgpErrorAction a) => a switch
    {
        BgpErrorAction.None => "none",
        BgpErrorAction.AttributeDiscard => "attribute-discard",
        BgpErrorAction.RouteWithdraw => "route-withdraw",
        BgpErrorAction.TreatAsWithdraw => "treat-as-withdraw",
        _ => "session-reset",
    };

    /// <summary>The reasons as "diagnostics" (one line each, for the log) and every error value in full as "errors".</summary>
    public static void WriteErrors(Utf8JsonWriter w, BgpDecodeError[] errors)
    {
        w.WriteStartArray("diagnostics");
        foreach (var e in errors) w.WriteStringValue(e.Reason);
        w.WriteEndArray();
        w.WriteStartArray("errors");
        foreach (var e in errors)
        {
            w.WriteStartObject();
            w.WriteString("action", ActionName(e.Action));
            w.WriteNumber("code", e.Code);
            w.WriteNumber("subcode", e.Subcode);
            w.WriteString("reason", e.Reason);
            if (e.Data.Length > 0) w.WriteString("data_hex", Convert.ToHexString(e.Data));
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    public static void WriteMessage(Utf8JsonWriter w, BgpMessage message)
    {
        w.WriteStartObject();
        w.WriteString("type", message.Type.ToString().ToUpperInvariant() switch { "ROUTEREFRESH" => "ROUTE-REFRESH", var s => s });
        switch (message)
        {
            case OpenMessage o:
                w.WriteNumber("version", o.Version);
                w.WriteNumber("my_as", o.MyAs);
                w.WriteNumber("effective_as", o.EffectiveAs);
                w.WriteNumber("hold_time", o.HoldTimeSeconds);
                w.WriteString("bgp_identifier", Ipv4(o.BgpIdentifier));
                w.WriteStartArray("capabilities");
                foreach (var c in o.Capabilities) WriteCapability(w, c);
                w.WriteEndArray();
                break;
            case UpdateMessage u:
                if (u.IsEndOfRib(out var afi, out var safi))
                {
                    w.WriteStartObject("end_of_rib");
                    w.WriteNumber("afi", afi);
                    w.WriteNumber("safi", safi);
                    w.WriteEndObject();
                }
                if (u.WithdrawnIpv4.Length > 0) w.WriteString("withdrawn_ipv4_hex", Convert.ToHexString(u.WithdrawnIpv4));
                if (u.MpUnreach is { } un)
                {
                    w.WriteStartObject("mp_unreach_nlri");
                    w.WriteNumber("afi", un.Afi);
                    w.WriteNumber("safi", un.Safi);
                    WriteRoutes(w, un.EvpnRoutes, un.PathIds);
                    WriteUndecodable(w, un.UndecodableEvpnRoutes);
                    if (un.OtherNlri.Length > 0) w.WriteString("nlri_hex", Convert.ToHexString(un.OtherNlri));
                    w.WriteEndObject();
                }
                if (u.MpReach is { } re)
                {
                    w.WriteStartObject("mp_reach_nlri");
                    w.WriteNumber("afi", re.Afi);
                    w.WriteNumber("safi", re.Safi);
                    if (re.RawNextHop is { } raw) w.WriteString("next_hop_hex", Convert.ToHexString(raw));
                    else w.WriteString("next_hop", re.NextHop.ToString());
                    if (re.LinkLocalNextHop is { } ll) w.WriteString("link_local_next_hop", ll.ToString());
                    WriteRoutes(w, re.EvpnRoutes, re.PathIds);
                    WriteUndecodable(w, re.UndecodableEvpnRoutes);
                    if (re.OtherNlri.Length > 0) w.WriteString("nlri_hex", Convert.ToHexString(re.OtherNlri));
                    w.WriteEndObject();
                }
                w.WritePropertyName("attributes");
                WriteAttributes(w, u.Attributes);
                if (u.NlriIpv4.Length > 0) w.WriteString("nlri_ipv4_hex", Convert.ToHexString(u.NlriIpv4));
                break;
            case NotificationMessage n:
                w.WriteNumber("code", n.Code);
                w.WriteNumber("subcode", n.Subcode);
                w.WriteString("data_hex", Convert.ToHexString(n.Data));
                break;
            case RouteRefreshMessage r:
                w.WriteNumber("afi", r.Afi);
                w.WriteNumber("subtype", r.Subtype);
                w.WriteNumber("safi", r.Safi);
                break;
        }
        w.WriteEndObject();
    }

    private static void WriteCapability(Utf8JsonWriter w, Capability c)
    {
        w.WriteStartObject();
        w.WriteNumber("code", c.Code);
        switch (c)
        {
            case MultiprotocolCapability m: w.WriteString("name", "multiprotocol"); w.WriteNumber("afi", m.Afi); w.WriteNumber("safi", m.Safi); break;
            case RouteRefreshCapability: w.WriteString("name", "route-refresh"); break;
            case EnhancedRouteRefreshCapability: w.WriteString("name", "enhanced-route-refresh"); break;
            case ExtendedMessageCapability: w.WriteString("name", "extended-message"); break;
            case FourOctetAsCapability f: w.WriteString("name", "four-octet-as"); w.WriteNumber("asn", f.Asn); break;
            case GracefulRestartCapability g:
                w.WriteString("name", "graceful-restart");
                w.WriteBoolean("restart_state", g.RestartState);
                w.WriteBoolean("notification", g.NotificationSupport);
                w.WriteNumber("restart_time", g.RestartTimeSeconds);
                w.WriteStartArray("families");
                foreach (var f in g.Families) { w.WriteStartObject(); w.WriteNumber("afi", f.Afi); w.WriteNumber("safi", f.Safi); w.WriteBoolean("forwarding_preserved", f.ForwardingPreserved); w.WriteEndObject(); }
                w.WriteEndArray();
                break;
            case AddPathCapability a:
                w.WriteString("name", "add-path");
                w.WriteStartArray("families");
                foreach (var f in a.Families) { w.WriteStartObject(); w.WriteNumber("afi", f.Afi); w.WriteNumber("safi", f.Safi); w.WriteString("direction", f.Direction.ToString().ToLowerInvariant()); w.WriteEndObject(); }
                w.WriteEndArray();
                break;
            case UnknownCapability u: w.WriteString("name", "unknown"); w.WriteString("value_hex", Convert.ToHexString(u.Value)); break;
        }
        w.WriteEndObject();
    }

    public static void WriteAttributes(Utf8JsonWriter w, PathAttributes a)
    {
        w.WriteStartObject();
        if (a.Origin is { } o) w.WriteString("origin", o.ToString().ToUpperInvariant());
        if (a.AsPath is { } p)
        {
            w.WriteString("as_path", p.ToString());
            w.WriteStartArray("as_path_segments");
            foreach (var s in p.Segments)
            {
                w.WriteStartObject();
                w.WriteString("type", s.Type switch { AsPathSegmentType.AsSet => "AS_SET", AsPathSegmentType.AsSequence => "AS_SEQUENCE", AsPathSegmentType.ConfedSequence => "AS_CONFED_SEQUENCE", _ => "AS_CONFED_SET" });
                w.WriteStartArray("asns");
                foreach (var asn in s.Asns) w.WriteNumberValue(asn);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        if (a.NextHop is { } nh) w.WriteString("next_hop", nh.ToString());
        if (a.MultiExitDisc is { } med) w.WriteNumber("med", med);
        if (a.LocalPref is { } lp) w.WriteNumber("local_pref", lp);
        if (a.AtomicAggregate) w.WriteBoolean("atomic_aggregate", true);
        if (a.Aggregator is { } agg) { w.WriteStartObject("aggregator"); w.WriteNumber("asn", agg.Asn); w.WriteString("address", agg.Address.ToString()); w.WriteEndObject(); }
        if (a.Communities.Length > 0)
        {
            w.WriteStartArray("communities");
            foreach (var c in a.Communities) w.WriteStringValue($"{c >> 16}:{c & 0xFFFF}");
            w.WriteEndArray();
        }
        if (a.OriginatorId is { } oid) w.WriteString("originator_id", Ipv4(oid));
        if (a.ClusterList.Length > 0)
        {
            w.WriteStartArray("cluster_list");
            foreach (var c in a.ClusterList) w.WriteStringValue(Ipv4(c));
            w.WriteEndArray();
        }
        if (a.ExtendedCommunities.Length > 0)
        {
            w.WriteStartArray("extended_communities");
            foreach (var c in a.ExtendedCommunities) WriteExtendedCommunity(w, c);
            w.WriteEndArray();
        }
        if (a.PmsiTunnel is { } pmsi)
        {
            w.WriteStartObject("pmsi_tunnel");
            w.WriteNumber("flags", pmsi.Flags);
            w.WriteNumber("tunnel_type", pmsi.TunnelType);
            w.WriteString("tunnel_type_name", pmsi.TunnelType switch { 0 => "none", 6 => "ingress-replication", 0x0A => "assisted-replication", 3 => "pim-ssm", 4 => "pim-sm", 5 => "bidir-pim", _ => "other" });
            w.WriteNumber("label", pmsi.Label);
            if (pmsi.Endpoint is { } ep) w.WriteString("tunnel_endpoint", ep.ToString());
            w.WriteString("tunnel_identifier_hex", Convert.ToHexString(pmsi.TunnelIdentifier));
            w.WriteEndObject();
        }
        if (a.LargeCommunities is { } large) w.WriteString("large_communities_hex", Convert.ToHexString(large));
        if (a.Unknown.Length > 0)
        {
            w.WriteStartArray("unknown_attributes");
            foreach (var u in a.Unknown)
            {
                w.WriteStartObject();
                w.WriteNumber("type", u.TypeCode);
                w.WriteNumber("flags", (byte)u.Flags);
                w.WriteString("value_hex", Convert.ToHexString(u.Value));
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    public static void WriteExtendedCommunity(Utf8JsonWriter w, ExtendedCommunity c)
    {
        w.WriteStartObject();
        w.WriteString("hex", c.Value.ToString("X16"));
        w.WriteString("text", c.ToString());
        w.WriteString("kind", Kind(c));
        w.WriteBoolean("transitive", c.IsTransitive);
        var v = c.Value48;
        if (c.IsRouteTarget || c.IsSiteOfOrigin) w.WriteString("value", c.ToString()[(c.ToString().IndexOf(':') + 1)..]);
        else if (c.IsColor) w.WriteNumber("color", c.ColorValue);
        else if (c.IsMacMobility) { w.WriteNumber("sequence", c.MacMobilitySequence); w.WriteBoolean("sticky", c.MacMobilitySticky); }
        else if (c.IsEncapsulation) w.WriteNumber("tunnel_type", c.EncapsulationTunnelType);
        else if (c.IsEsiLabel) { w.WriteBoolean("single_active", ((v >> 40) & 1) != 0); w.WriteNumber("label", v & 0xFF_FFFF); }
        else if (c.IsEsImportRouteTarget || c.IsRoutersMac) w.WriteString("mac", new Wire.Packets.MacAddress(v).ToString());
        else if (c.IsDfElection)
        {
            byte algorithm = ExtendedCommunityText.DfElectionAlgorithm(c);
            ushort bitmap = ExtendedCommunityText.DfElectionBitmap(c);
            w.WriteNumber("algorithm", algorithm);
            w.WriteString("algorithm_name", ExtendedCommunityText.DfElectionAlgorithmName(algorithm));
            w.WriteNumber("bitmap", bitmap);
            Names(w, "bitmap_names", ExtendedCommunityText.DfElectionCapabilityNames(bitmap));
            w.WriteNumber("preference", ExtendedCommunityText.DfElectionPreference(c));
        }
        else if (c.IsMulticastFlags)
        {
            var flags = (ushort)(v >> 32);
            w.WriteNumber("flags", flags);
            Names(w, "flag_names", ExtendedCommunityText.MulticastFlagNames(flags));
        }
        w.WriteEndObject();
    }

    private static string Kind(ExtendedCommunity c) =>
        c.IsRouteTarget ? "route-target" : c.IsSiteOfOrigin ? "site-of-origin" : c.IsColor ? "color" : c.IsEncapsulation ? "encapsulation" : c.IsMacMobility ? "mac-mobility" : c.IsEsiLabel ? "esi-label" :
        c.IsEsImportRouteTarget ? "es-import-route-target" : c.IsRoutersMac ? "routers-mac" : c.IsDefaultGateway ? "default-gateway" :
        c.IsDfElection ? "df-election" : c.IsMulticastFlags ? "multicast-flags" : c.IsEviRouteTarget ? "evi-route-target" : "unknown";

    private static void Names(Utf8JsonWriter w, string property, string[] names)
    {
        w.WriteStartArray(property);
        foreach (var n in names) w.WriteStringValue(n);
        w.WriteEndArray();
    }

    /// <summary>Malformed EVPN entries, raw, with the key that is withdrawn for each (RFC 7606 §5.3).</summary>
    private static void WriteUndecodable(Utf8JsonWriter w, UndecodableEvpnRoute[] routes)
    {
        if (routes.Length == 0) return;
        w.WriteStartArray("undecodable_evpn_routes");
        foreach (var r in routes) WriteUndecodableRoute(w, r);
        w.WriteEndArray();
    }

    public static void WriteUndecodableRoute(Utf8JsonWriter w, UndecodableEvpnRoute r)
    {
        w.WriteStartObject();
        w.WriteNumber("route_type", r.TypeCode);
        w.WriteString("name", "undecodable");
        if (r.PathId is { } id) w.WriteNumber("path_id", id);
        w.WriteNumber("length", r.Value.Length);
        w.WriteString("value_hex", Convert.ToHexString(r.Value));
        w.WriteString("reason", r.Reason);
        w.WritePropertyName("withdrawn_key");
        if (r.Key is { } key) WriteRoute(w, key); else w.WriteNullValue();
        w.WriteEndObject();
    }

    /// <summary>The ESI as ten hex octets plus the fields its type defines (RFC 7432 §5).</summary>
    public static void WriteEsi(Utf8JsonWriter w, EthernetSegmentId esi)
    {
        w.WriteString("esi", esi.ToString());
        w.WritePropertyName("esi_fields");
        WriteEsiFields(w, esi.Fields);
    }

    public static void WriteEsiFields(Utf8JsonWriter w, EsiFields f)
    {
        w.WriteStartObject();
        w.WriteNumber("type", f.TypeCode);
        w.WriteString("type_name", f.TypeName);
        if (f.SystemMac is { } mac) w.WriteString(f.Type == EsiType.Mstp ? "root_bridge_mac" : "system_mac", mac.ToString());
        if (f.PortKey is { } key) w.WriteNumber("port_key", key);
        if (f.BridgePriority is { } prio) w.WriteNumber("root_bridge_priority", prio);
        if (f.RouterId is { } rid) w.WriteString("router_id", rid.ToString());
        if (f.Asn is { } asn) w.WriteNumber("asn", asn);
        if (f.LocalDiscriminator is { } d) w.WriteNumber("local_discriminator", d);
        if (f.Type is null or EsiType.Arbitrary) w.WriteString("value_hex", Convert.ToHexString(f.Value));
        w.WriteString("text", f.ToString());
        w.WriteEndObject();
    }

    private static void WriteRoutes(Utf8JsonWriter w, EvpnRoute[] routes, uint[]? pathIds)
    {
        w.WriteStartArray("evpn_routes");
        for (int i = 0; i < routes.Length; i++) WriteRoute(w, routes[i], pathIds is not null && i < pathIds.Length ? pathIds[i] : null);
        w.WriteEndArray();
    }

    public static void WriteRoute(Utf8JsonWriter w, EvpnRoute route, uint? pathId = null)
    {
        w.WriteStartObject();
        w.WriteNumber("route_type", route.RouteTypeCode);
        if (pathId is { } id) w.WriteNumber("path_id", id);
        switch (route)
        {
            case EthernetAutoDiscoveryRoute r:
                w.WriteString("name", "ethernet-auto-discovery");
                Rd(w, r.Rd); WriteEsi(w, r.Esi); w.WriteNumber("ethernet_tag", r.EthernetTag); w.WriteNumber("label", r.Label);
                break;
            case MacIpAdvertisementRoute r:
                w.WriteString("name", "mac-ip-advertisement");
                Rd(w, r.Rd); WriteEsi(w, r.Esi); w.WriteNumber("ethernet_tag", r.EthernetTag);
                w.WriteString("mac", r.Mac.ToString());
                if (r.Ip is { } ip) w.WriteString("ip", ip.ToString()); else w.WriteNull("ip");
                w.WriteNumber("label1", r.Label1);
                if (r.Label2 is { } l2) w.WriteNumber("label2", l2);
                break;
            case InclusiveMulticastRoute r:
                w.WriteString("name", "inclusive-multicast-ethernet-tag");
                Rd(w, r.Rd); w.WriteNumber("ethernet_tag", r.EthernetTag); w.WriteString("originator_ip", r.OriginatorIp.ToString());
                break;
            case EthernetSegmentRoute r:
                w.WriteString("name", "ethernet-segment");
                Rd(w, r.Rd); WriteEsi(w, r.Esi); w.WriteString("originator_ip", r.OriginatorIp.ToString());
                break;
            case IpPrefixRoute r:
                w.WriteString("name", "ip-prefix");
                Rd(w, r.Rd); WriteEsi(w, r.Esi); w.WriteNumber("ethernet_tag", r.EthernetTag);
                w.WriteString("prefix", $"{r.Prefix}/{r.PrefixLength}"); w.WriteString("gateway", r.Gateway.ToString()); w.WriteNumber("label", r.Label);
                break;
            case SelectiveMulticastRoute r:
                w.WriteString("name", "selective-multicast-ethernet-tag");
                Rd(w, r.Rd); w.WriteNumber("ethernet_tag", r.EthernetTag); Multicast(w, r.Source, r.Group, r.OriginatorIp, r.Flags);
                break;
            case MulticastMembershipReportSynchRoute r:
                w.WriteString("name", "multicast-membership-report-synch");
                Rd(w, r.Rd); WriteEsi(w, r.Esi); w.WriteNumber("ethernet_tag", r.EthernetTag); Multicast(w, r.Source, r.Group, r.OriginatorIp, r.Flags);
                break;
            case MulticastLeaveSynchRoute r:
                w.WriteString("name", "multicast-leave-synch");
                Rd(w, r.Rd); WriteEsi(w, r.Esi); w.WriteNumber("ethernet_tag", r.EthernetTag); Multicast(w, r.Source, r.Group, r.OriginatorIp, r.Flags);
                w.WriteNumber("reserved", r.Reserved); w.WriteNumber("max_response_time", r.MaxResponseTime);
                break;
            case UnknownEvpnRoute r:
                w.WriteString("name", "unknown");
                w.WriteString("value_hex", Convert.ToHexString(r.Value));
                break;
        }
        w.WriteEndObject();
    }

    private static void Rd(Utf8JsonWriter w, RouteDistinguisher rd) => w.WriteString("rd", rd.ToString());

    private static void Multicast(Utf8JsonWriter w, IPAddress? source, IPAddress group, IPAddress originator, MulticastRouteFlags flags)
    {
        if (source is null) w.WriteNull("source"); else w.WriteString("source", source.ToString());
        w.WriteString("group", group.ToString());
        w.WriteString("originator_ip", originator.ToString());
        w.WriteNumber("flags", (byte)flags);
        Names(w, "flag_names", ExtendedCommunityText.MulticastRouteFlagNames(flags));
    }

    private static string Ipv4(uint v) => $"{v >> 24}.{(v >> 16) & 0xFF}.{(v >> 8) & 0xFF}.{v & 0xFF}";
}
