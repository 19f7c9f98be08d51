using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace ActorFabric.Fabric.Topology;

/// <summary>
/// One YAML mapping read against the keys it may have. Unknown keys, wrong node kinds and bad
/// values become errors at the offending node's line and column; getters return null then, so
/// reading goes on and every problem of a file is reported in one pass.
/// </summary>
internal sealed class YamlFields
{
    private readonly TopologyDraft _draft;
    private readonly Dictionary<string, (YamlNode Key, YamlNode Value)> _fields = new(StringComparer.Ordinal);

    private YamlFields(TopologyDraft draft, YamlMappingNode? node, SourceMark mark, string what)
    {
        _draft = draft;
        Node = node;
        Mark = mark;
        What = what;
    }

    public YamlMappingNode? Node { get; }
    public SourceMark Mark { get; }
    public string What { get; }

    public static SourceMark MarkOf(TopologyDraft draft, YamlNode node) =>
        new(draft.File, (int)node.Start.Line, (int)node.Start.Column);

    /// <summary>Reads <paramref name="node"/> as a mapping with the given keys; null (and an error) if it is not a mapping.</summary>
    public static YamlFields? Read(TopologyDraft draft, YamlNode node, string what, IReadOnlyCollection<string> allowed, bool ignoreUnknown = false)
    {
        var mark = MarkOf(draft, node);
        if (node is not YamlMappingNode map)
        {
            draft.Error(mark, $"{what} must be a mapping (key: value lines)");
            return null;
        }
        var fields = new YamlFields(draft, map, mark, what);
        foreach (var (key, value) in map.Children)
        {
            var name = key is YamlScalarNode s ? s.Value ?? "" : "";
            if (!allowed.Contains(name))
            {
                if (!ignoreUnknown)
                    draft.Error(MarkOf(draft, key), $"unknown key '{Clip(name)}' in {what}{KeySuggestion.Hint(name, allowed)}");
                continue;
            }
            fields._fields[name] = (key, value);
        }
        return fields;
    }

    public bool Has(string key) => _fields.ContainsKey(key);

    public YamlNode? Value(string key) => _fields.TryGetValue(key, out var f) ? f.Value : null;

    /// <summary>Position of a key's value, or of the mapping when the key is absent.</summary>
    public SourceMark MarkOf(string key) => _fields.TryGetValue(key, out var f) ? MarkOf(_draft, f.Value) : Mark;

    public void Error(string key, string message) => _draft.Error(MarkOf(key), message);

    public string? Scalar(string key)
    {
        if (!_fields.TryGetValue(key, out var f)) return null;
        if (f.Value is YamlScalarNode s && s.Value is { Length: > 0 } text) return text;
        _draft.Error(MarkOf(_draft, f.Value), $"'{key}' in {What} must be a single value");
        return null;
    }

    public string? RequiredScalar(string key)
    {
        if (!Has(key))
        {
            _draft.Error(Mark, $"{What} needs '{key}'");
            return null;
        }
        return Scalar(key);
    }

    public long? Integer(string key, long min, long max)
    {
        var text = Scalar(key);
        if (text is null) return null;
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
        {
            Error(key, $"'{key}' must be a whole number, not '{Clip(text)}'");
            return null;
        }
        if (v < min || v > max)
        {
            Error(key, $"'{key}' {v} is out of range ({min}..{max})");
            return null;
        }
        return v;
    }

    public bool? Boolean(string key)
    {
        var text = Scalar(key);
        if (text is null) return null;
        switch (text)
        {
            case "true" or "yes" or "on": return true;
            case "false" or "no" or "off": return false;
            default:
                Error(key, $"'{key}' must be true or false, not '{Clip(text)}'");
                return null;
        }
    }

    public TimeSpan? Duration(string key, TimeSpan min, TimeSpan max)
    {
        var text = Scalar(key);
        if (text is null) return null;
        if (!DurationSyntax.TryParse(text, out var d))
        {
            Error(key, $"'{key}' must be a duration with a unit (e.g. 10us, 5ms, 3s), not '{Clip(text)}'");
            return null;
        }
        if (d < min || d > max)
        {
            Error(key, $"'{key}' {Clip(text)} is out of range ({DurationSyntax.Format(min)}..{DurationSyntax.Format(max)})");
            return null;
        }
        return d;
    }

    /// <summary>A probability: <c>0.001</c> or <c>0.1%</c>, between 0 and 1 (the rules of <see cref="LinkParameters"/>).</summary>
    public double? Fraction(string key)
    {
        var text = Scalar(key);
        if (text is null) return null;
        if (LinkParameters.TryParseLoss(text, out var v, out _)) return v;
        var trimmed = text.TrimEnd('%');
        if (double.TryParse(trimmed, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
            Error(key, $"'{key}' {Clip(text)} is out of range (0..1, or 0%..100%)");
        else
            Error(key, $"'{key}' must be a fraction (0.01) or a percentage (1%), not '{Clip(text)}'");
        return null;
    }

    public uint? Ipv4(string key)
    {
        var text = Scalar(key);
        if (text is null) return null;
        if (AddressSyntax.TryParseIpv4(text, out var a)) return a;
        Error(key, $"'{key}' is not an IPv4 address: '{Clip(text)}'{LeadingZeroHint(text)}");
        return null;
    }

    public (uint Address, int PrefixLength)? Ipv4Prefix(string key, bool prefixOptional)
    {
        var text = Scalar(key);
        if (text is null) return null;
        if (AddressSyntax.TryParseIpv4Prefix(text, prefixOptional, out var a, out var len)) return (a, len);
        Error(key, $"'{key}' is not an IPv4 {(prefixOptional ? "address" : "prefix (a.b.c.d/len)")}: '{Clip(text)}'{LeadingZeroHint(text)}");
        return null;
    }

    /// <summary>A /32 address written without a prefix length (a loopback, a router id).</summary>
    public uint? HostAddress(string key)
    {
        var text = Scalar(key);
        if (text is null) return null;
        if (text.Contains('/'))
        {
            Error(key, $"'{key}' is a single address (a /32): write it without a prefix length, not '{Clip(text)}'");
            return null;
        }
        if (AddressSyntax.TryParseIpv4(text, out var a)) return a;
        Error(key, $"'{key}' is not an IPv4 address: '{Clip(text)}'{LeadingZeroHint(text)}");
        return null;
    }

    private static string LeadingZeroHint(string text) =>
        AddressSyntax.HasLeadingZero(text) ? " (no leading zeros: some tools read them as octal)" : "";

    /// <summary>Values are echoed in errors; a pasted megabyte is cut to its start.</summary>
    internal static string Clip(string text) => text.Length <= 80 ? text : text[..77] + "...";

    public ulong? Mac(string key)
    {
        var text = Scalar(key);
        if (text is null) return null;
        if (!AddressSyntax.TryParseMac(text, out var mac))
        {
            Error(key, $"'{key}' is not a MAC address (expected aa:bb:cc:dd:ee:ff): '{Clip(text)}'");
            return null;
        }
        if (AddressSyntax.IsMulticastMac(mac))
        {
            Error(key, $"'{key}' {text} is a group (multicast) MAC; a host needs a unicast MAC");
            return null;
        }
        return mac;
    }

    public YamlSequenceNode? Sequence(string key)
    {
        if (!_fields.TryGetValue(key, out var f)) return null;
        if (f.Value is YamlSequenceNode seq) return seq;
        _draft.Error(MarkOf(_draft, f.Value), $"'{key}' in {What} must be a list");
        return null;
    }

    public YamlFields? Mapping(string key, string what, IReadOnlyCollection<string> allowed) =>
        _fields.TryGetValue(key, out var f) ? Read(_draft, f.Value, what, allowed) : null;
}
