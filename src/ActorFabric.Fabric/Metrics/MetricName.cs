namespace ActorFabric.Fabric.Metrics;

/// <summary>The Prometheus naming rules this project follows: <c>actorfabric_</c> prefix, [a-zA-Z_:][a-zA-Z0-9_:]* names, [a-zA-Z_][a-zA-Z0-9_]* labels.</summary>
public static class MetricName
{
    public const string Prefix = "actorfabric_";

    public static void Validate(string name)
    {
        if (!IsValid(name, allowColon: true))
            throw new ArgumentException($"'{name}' is not a valid Prometheus metric name", nameof(name));
    }

    public static void ValidateLabel(string label)
    {
        if (!IsValid(label, allowColon: false) || label.StartsWith("__", StringComparison.Ordinal))
            throw new ArgumentException($"'{label}' is not a valid Prometheus label name", nameof(label));
    }

    private static bool IsValid(string s, bool allowColon)
    {
        if (string.IsNullOrEmpty(s)) return false;
        for (int i = 0; i < s.Length; i++)
        {
            var c = s[i];
            bool ok = char.IsAsciiLetter(c) || c == '_' || (allowColon && c == ':') || (i > 0 && char.IsAsciiDigit(c));
            if (!ok) return false;
        }
        return true;
    }
}
