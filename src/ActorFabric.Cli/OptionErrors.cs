using System.Text.RegularExpressions;

namespace ActorFabric.Cli;

/// <summary>
/// System.CommandLine's "cannot parse" errors name .NET types (<c>System.Nullable`1[System.UInt32]</c>); users
/// get the kind of value instead.
/// </summary>
public static partial class OptionErrors
{
    public static string Explain(string message)
    {
        var m = CannotParse().Match(message);
        if (!m.Success) return message;
        var value = m.Groups["value"].Value;
        if (value.Length > 64) value = value[..61] + "...";
        return $"bad value '{value}' for {m.Groups["what"].Value} {m.Groups["name"].Value}: expected {Describe(m.Groups["type"].Value)}";
    }

    private static string Describe(string type)
    {
        var inner = NullableOf().Match(type) is { Success: true } n ? n.Groups["inner"].Value : type;
        return inner switch
        {
            "System.Int32" or "System.Int64" => "a whole number",
            "System.UInt32" or "System.UInt64" or "System.UInt16" => "a whole number (0 or more)",
            "System.Byte" => "a whole number (0..255)",
            "System.Double" or "System.Decimal" => "a number",
            "System.Boolean" => "true or false",
            "Serilog.Events.LogEventLevel" => "one of Verbose, Debug, Information, Warning, Error, Fatal",
            _ => "a value of another kind",
        };
    }

    [GeneratedRegex(@"^Cannot parse argument '(?<value>.*)' for (?<what>option|argument) '(?<name>[^']*)' as expected type '(?<type>[^']*)'", RegexOptions.Singleline)]
    private static partial Regex CannotParse();

    [GeneratedRegex(@"^System\.Nullable`1\[(?<inner>.*)\]$")]
    private static partial Regex NullableOf();
}
