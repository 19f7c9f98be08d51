namespace ActorFabric.Fabric.Topology;

/// <summary>
/// Reads the <c>multicast:</c> and <c>assisted-replication:</c> blocks and the per-node keys that go with them
/// (docs/topology.md § multicast, § assisted-replication). Cross-references (replicator names, VNIs, AR IPs against
/// loopbacks) are checked by <see cref="MulticastCompiler"/>.
/// </summary>
internal static class MulticastYamlReader
{
    public static readonly string[] MulticastKeys =
        ["snooping", "querier", "query-interval", "query-response-interval", "robustness", "last-member-query-interval"];
    public static readonly string[] ArKeys =
        ["mode", "load-balancing", "activation-delay", "unknown-unicast", "replicator-ir-role", "ar-ip-pool", "policies"];
    private static readonly string[] PolicyKeys = ["name", "group", "vni", "source", "replicator", "fallback", "strict"];

    /// <summary>
    /// The Max Resp Code of IGMPv3 reaches 31744 tenths of a second (RFC 3376 §4.1.1), kept to whole seconds here;
    /// QQIC reaches 31744 s (§4.1.7).
    /// </summary>
    private static readonly TimeSpan MaxResponse = TimeSpan.FromSeconds(3174);
    private static readonly TimeSpan MaxQueryInterval = TimeSpan.FromSeconds(31_744);
    private static readonly TimeSpan Tenth = TimeSpan.FromMilliseconds(100);

    public static void ReadMulticast(TopologyDraft draft, YamlFields f)
    {
        var m = new MulticastDraft { Mark = f.Mark };
        var s = m.Settings;
        if (f.Boolean("snooping") is { } snooping) { s = s with { Snooping = snooping }; m.SnoopingGiven = true; }
        if (f.Boolean("querier") is { } querier) s = s with { Querier = querier };
        if (f.Duration("query-interval", TimeSpan.FromSeconds(1), MaxQueryInterval) is { } qi) s = s with { QueryInterval = qi };
        // Response times travel in tenths of a second (RFC 3376 §4.1.1): a shorter one cannot be sent.
        if (f.Duration("query-response-interval", Tenth, MaxResponse) is { } qri) s = s with { QueryResponseInterval = qri };
        if (f.Integer("robustness", 1, 255) is { } robustness) s = s with { Robustness = (int)robustness };
        if (f.Duration("last-member-query-interval", Tenth, MaxResponse) is { } lmqi) s = s with { LastMemberQueryInterval = lmqi };
        // RFC 2236 §8.3: the query response interval must be shorter than the query interval.
        if (s.QueryResponseInterval >= s.QueryInterval)
            f.Error(f.Has("query-response-interval") ? "query-response-interval" : "query-interval",
                $"'query-response-interval' {DurationSyntax.Format(s.QueryResponseInterval)} must be shorter than 'query-interval' {DurationSyntax.Format(s.QueryInterval)} (RFC 2236 §8.3)");
        m.Settings = s;
        draft.Multicast = m;
    }

    public static void ReadAssistedReplication(TopologyDraft draft, YamlFields f)
    {
        var ar = new ArDraft { Mark = f.Mark };
        var s = ar.Settings;
        if (Choice(f, "mode", ArChoiceNames.Modes) is { } mode) s = s with { Mode = (ArMode)mode };
        if (Choice(f, "load-balancing", ArChoiceNames.LoadBalancing) is { } lb) s = s with { LoadBalancing = (ArLoadBalancing)lb };
        if (f.Duration("activation-delay", TimeSpan.Zero, TimeSpan.FromHours(1)) is { } delay) s = s with { ActivationDelay = delay };
        if (Choice(f, "unknown-unicast", ArChoiceNames.UnknownUnicast) is { } uu) s = s with { UnknownUnicast = (ArUnknownUnicast)uu };
        if (Choice(f, "replicator-ir-role", ArChoiceNames.ReplicatorIrRoles) is { } irRole) s = s with { ReplicatorIrRole = (ArReplicatorIrRole)irRole };
        if (f.Ipv4Prefix("ar-ip-pool", prefixOptional: false) is { } pool)
        {
            if (pool.PrefixLength > 30) f.Error("ar-ip-pool", $"'ar-ip-pool' /{pool.PrefixLength} has no room for AR IPs (use /30 or shorter)");
            else { ar.Pool = pool.Address & AddressSyntax.PrefixMask(pool.PrefixLength); ar.PoolPrefixLength = pool.PrefixLength; }
        }
        ar.Settings = s;
        if (f.Sequence("policies") is { } policies)
            foreach (var item in policies)
                if (ReadPolicy(draft, item) is { } policy) ar.Policies.Add(policy);
        draft.AssistedReplication = ar;
    }

    private static ArPolicyDraft? ReadPolicy(TopologyDraft draft, YamlDotNet.RepresentationModel.YamlNode item)
    {
        var f = YamlFields.Read(draft, item, "an AR policy", PolicyKeys);
        if (f is null) return null;
        var name = f.RequiredScalar("name");
        if (name is null) return null;
        var p = new ArPolicyDraft { Name = name, Mark = f.MarkOf("name") };
        if (Prefix(f, "group") is { } group)
        {
            if (group.IsMulticast) p.Group = group;
            else f.Error("group", $"AR policy '{name}': group {group} is not a multicast prefix (within 224.0.0.0/4 or ff00::/8)");
        }
        if (Prefix(f, "source") is { } source)
        {
            if (!source.IsUnicast) f.Error("source", $"AR policy '{name}': source {source} covers multicast addresses; a source filter is a unicast prefix");
            else if (p.Group is { } g && g.IsIpv6 != source.IsIpv6) f.Error("source", $"AR policy '{name}': source {source} and group {g} are of different address families");
            else p.Source = source;
        }
        if (f.Integer("vni", 1, 0xFF_FFFF) is { } vni) { p.Vni = (uint)vni; p.VniMark = f.MarkOf("vni"); }
        if (!f.Has("group") && !f.Has("vni"))
            f.Error("name", $"AR policy '{name}' matches nothing: give a 'group' prefix, a 'vni' or both");
        p.Replicator = f.RequiredScalar("replicator");
        p.ReplicatorMark = f.MarkOf("replicator");
        if (f.Scalar("fallback") is { } fallback) { p.Fallback = fallback; p.FallbackMark = f.MarkOf("fallback"); }
        p.Strict = f.Boolean("strict") ?? false;
        // The document's policy actions: strict mode and a fallback replicator are mutually exclusive.
        if (p.Strict && p.Fallback is not null)
        {
            f.Error("fallback", $"AR policy '{name}': a strict policy has no fallback (strict drops the flow when '{p.Replicator}' is down); drop 'fallback' or 'strict'");
            p.Fallback = null;
        }
        return p;
    }

    public static void ReadNodeKeys(YamlFields f, NodeDraft node)
    {
        if (f.Scalar("assisted-replication") is { } roleText)
        {
            if (ArRoleNames.TryParse(roleText, out var role)) node.ArRole = (role, f.MarkOf("assisted-replication"));
            else f.Error("assisted-replication", $"unknown AR role '{YamlFields.Clip(roleText)}' for node '{node.Name}'{KeySuggestion.Hint(roleText, ArRoleNames.All)}; roles: {string.Join(", ", ArRoleNames.All)}");
        }
        if (f.HostAddress("ar-ip") is { } arIp) node.ArIp = (arIp, f.MarkOf("ar-ip"));
        if (f.Boolean("snooping") is { } snooping) node.Snooping = (snooping, f.MarkOf("snooping"));
    }

    internal static int? Choice(YamlFields f, string key, string[] names)
    {
        if (f.Scalar(key) is not { } text) return null;
        int i = Array.IndexOf(names, text);
        if (i >= 0) return i;
        f.Error(key, $"'{key}' must be {string.Join(" or ", names)}, not '{YamlFields.Clip(text)}'{KeySuggestion.Hint(text, names)}");
        return null;
    }

    private static AddressPrefix? Prefix(YamlFields f, string key)
    {
        if (f.Scalar(key) is not { } text) return null;
        if (AddressPrefix.TryParse(text, out var prefix)) return prefix;
        f.Error(key, $"'{key}' is not an IPv4 or IPv6 prefix: '{YamlFields.Clip(text)}'");
        return null;
    }
}
