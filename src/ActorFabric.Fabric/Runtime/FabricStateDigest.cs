using System.Globalization;
using System.Text;
using ActorFabric.Wire.Hashing;

namespace ActorFabric.Fabric.Runtime;

/// <summary>Order-free digests (hex FNV-1a 64 of the sorted lines) of every device's EVPN routes and FDB entries.</summary>
public sealed record FabricStateDigest(string Routes, int RouteCount, string Fdb, int FdbCount)
{
    internal static string Of(List<string> lines)
    {
        lines.Sort(StringComparer.Ordinal);
        ulong hash = Fnv1a.Offset64;
        foreach (var line in lines)
        {
            hash = Fnv1a.Append64(hash, Encoding.UTF8.GetBytes(line));
            hash = Fnv1a.Append64(hash, "\n"u8);
        }
        return hash.ToString("x16", CultureInfo.InvariantCulture);
    }
}
