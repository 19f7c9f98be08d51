using YamlDotNet.RepresentationModel;

namespace ActorFabric.Fabric.Topology;

/// <summary>An ip-vrf's <c>oism:</c> block as written; names are resolved by <see cref="OismCompiler"/>.</summary>
internal sealed class OismDraft
{
    public required SourceMark Mark { get; init; }
    public string? Sbd;
    public SourceMark SbdMark;
    public List<(string Name, SourceMark Mark)> Gateways { get; } = [];
    public uint ExternalSource;
    public SourceMark ExternalSourceMark;
    public List<(uint Group, SourceMark Mark)> ExternalGroups { get; } = [];
}

/// <summary>Reads the <c>oism:</c> mapping of an ip-vrf (docs/topology.md § OISM).</summary>
internal static class OismYamlReader
{
    public const string Key = "oism";
    private static readonly string[] Keys = ["sbd", "pegs", "external-source", "external-groups"];

    public static void Read(TopologyDraft draft, YamlFields ipVrf, IpVrfDraft vrf)
    {
        if (ipVrf.Value(Key) is not { } node) return;
        var f = YamlFields.Read(draft, node, $"the oism block of ip-vrf '{vrf.Name}'", Keys);
        if (f is null) return;
        var o = new OismDraft { Mark = ipVrf.MarkOf(Key) };
        o.Sbd = f.RequiredScalar("sbd");
        o.SbdMark = f.MarkOf("sbd");
        if (f.Sequence("pegs") is { } pegs)
            foreach (var p in pegs)
            {
                if (p is YamlScalarNode { Value: { Length: > 0 } name }) o.Gateways.Add((name, YamlFields.MarkOf(draft, p)));
                else draft.Error(YamlFields.MarkOf(draft, p), "'pegs' lists border leaf names");
            }
        if (f.Scalar("external-source") is { } sourceText)
        {
            if (!AddressSyntax.TryParseIpv4(sourceText, out var source))
                f.Error("external-source", $"'external-source' is not an IPv4 address: '{YamlFields.Clip(sourceText)}'");
            else if ((source >> 28) >= 0xE || source == 0)
                f.Error("external-source", $"'external-source' {sourceText} is not a unicast address; a multicast source sends from a unicast address");
            else (o.ExternalSource, o.ExternalSourceMark) = (source, f.MarkOf("external-source"));
        }
        if (f.Sequence("external-groups") is { } groups)
            foreach (var g in groups)
            {
                var mark = YamlFields.MarkOf(draft, g);
                if (g is not YamlScalarNode { Value: { Length: > 0 } text } || !AddressSyntax.TryParseIpv4(text, out var group))
                    draft.Error(mark, "'external-groups' lists IPv4 multicast groups (e.g. 239.1.1.1)");
                else if ((group >> 28) != 0xE || (group >> 8) == 0xE0_0000)
                    draft.Error(mark, $"external group {text} is not a routable multicast group (224.0.1.0 to 239.255.255.255; 224.0.0.0/24 stays on its link)");
                else o.ExternalGroups.Add((group, mark));
            }
        vrf.Oism = o;
    }
}
