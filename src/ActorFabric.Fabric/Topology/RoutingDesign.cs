namespace ActorFabric.Fabric.Topology;

/// <summary>Where inter-subnet traffic is routed (docs/topology.md § routing).</summary>
public enum RoutingDesign
{
    /// <summary>Edge-routed bridging: every VTEP carrying a VLAN of an IP-VRF is its anycast gateway (RFC 9135 §4.1, option 1).</summary>
    Erb,

    /// <summary>
    /// Centrally-routed bridging: leaves only bridge; the nodes marked <c>routes: true</c> hold the IRB interfaces and
    /// inter-subnet traffic hairpins through them (the centralized gateway of RFC 7432 §10.1).
    /// </summary>
    Crb,
}

/// <summary>IRB forwarding model of the IP-VRFs (RFC 9135 §4.2).</summary>
public enum IrbMode
{
    /// <summary>Route at ingress and egress over the IP-VRF's L3 VNI; type 2 routes carry Label2 = L3 VNI (RFC 9135 §5).</summary>
    Symmetric,

    /// <summary>Route at ingress, bridge at egress: every routing VTEP needs every VLAN of the tenant (RFC 9135 §4.2, §6).</summary>
    Asymmetric,
}

/// <summary>How IP prefixes are advertised in type 5 routes (RFC 9136 §4.4).</summary>
public enum PrefixRouteModel
{
    /// <summary>Interface-less: GW IP 0, label = the L3 VNI, a Router's MAC extended community (RFC 9136 §4.4.1).</summary>
    InterfaceLess,

    /// <summary>Gateway IP as overlay index: the route's GW IP field names the next hop, resolved by a type 2 route (RFC 9136 §4.4.2).</summary>
    GatewayIp,
}

/// <summary>The spelling of the routing choices in topology files.</summary>
public static class RoutingChoiceNames
{
    public static readonly string[] Designs = ["erb", "crb"];
    public static readonly string[] IrbModes = ["symmetric", "asymmetric"];
    public static readonly string[] PrefixModels = ["interface-less", "gateway-ip"];

    public static string ToName(this RoutingDesign design) => Designs[(int)design];
    public static string ToName(this IrbMode mode) => IrbModes[(int)mode];
    public static string ToName(this PrefixRouteModel model) => PrefixModels[(int)model];
}
