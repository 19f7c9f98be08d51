using System.Globalization;

namespace ActorFabric.Fabric.Topology;

/// <summary>The shared <c>ADMIN:NUMBER</c> text form of route distinguishers and route targets.</summary>
internal readonly record struct AdministratorAndNumber(uint Administrator, bool IsIpv4, ulong Number)
{
    public static bool TryParse(string text, out AdministratorAndNumber value)
    {
        value = default;
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1) return false;
        var admin = text.AsSpan(0, colon);
        var number = text.AsSpan(colon + 1);
        if (!ulong.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > uint.MaxValue) return false;
        if (admin.Contains('.'))
        {
            if (!AddressSyntax.TryParseIpv4(admin, out var ip)) return false;
            value = new AdministratorAndNumber(ip, true, n);
            return true;
        }
        if (!uint.TryParse(admin, NumberStyles.None, CultureInfo.InvariantCulture, out var asn)) return false;
        value = new AdministratorAndNumber(asn, false, n);
        return true;
    }
}
