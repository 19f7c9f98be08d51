using System.Globalization;

namespace ActorFabric.Cli.Control;

/// <summary>Link loss as users type it, like topology files: a fraction (<c>0.01</c>) or a percentage (<c>1%</c>).</summary>
public static class LossSyntax
{
    public static bool TryParse(string text, out double loss)
    {
        loss = 0;
        var s = text.Trim();
        bool percent = s.EndsWith('%');
        if (percent) s = s[..^1];
        if (!double.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var v)) return false;
        if (percent) v /= 100;
        if (v is < 0 or > 1) return false;
        loss = v;
        return true;
    }
}
