using System.Globalization;
using System.Text;
using ActorFabric.Wire.Hashing;

namespace ActorFabric.Fabric.Runtime;

/// <summary>
/// Order-free digests of every device's EVPN routes and FDB entries: each device hashes its own sorted lines (hex
/// FNV-1a 64), the fabric hashes the devices' digests in topology order.
/// </summary>
public sealed record FabricStateDigest(string Routes, int RouteCount, string Fdb, int FdbCount)
{
    internal static FabricStateDigest Of(IReadOnlyList<DeviceStateDigest> devices)
    {
        var routes = new List<string>();
        var fdb = new List<string>();
        foreach (var d in devices)
        {
            routes.Add($"{d.Device} {d.Routes} {d.RouteCount}");
            fdb.Add($"{d.Device} {d.Fdb} {d.FdbCount}");
        }
        return new FabricStateDigest(Of(routes, sort: false), devices.Sum(d => d.RouteCount), Of(fdb, sort: false), devices.Sum(d => d.FdbCount));
    }

    internal static string Of(List<string> lines, bool sort = true)
    {
        if (sort) lines.Sort(StringComparer.Ordinal);
        ulong hash = Fnv1a.Offset64;
        foreach (var line in lines)
        {
            hash = Fnv1a.Append64(hash, Encoding.UTF8.GetBytes(line));
            hash = Fnv1a.Append64(hash, "\n"u8);
        }
        return hash.ToString("x16", CultureInfo.InvariantCulture);
    }
}

/// <summary>One device's part of a <see cref="FabricStateDigest"/>: its route table and FDB, each as a digest of its sorted lines.</summary>
internal sealed record DeviceStateDigest(string Device, string Routes, int RouteCount, string Fdb, int FdbCount) : Messages.IControlMessage
{
    public static DeviceStateDigest Of(string device, RouteTable table, FdbTable? fdb)
    {
        var routes = new List<string>(table.Routes.Count);
        foreach (var r in table.Routes)
            routes.Add($"{r.Prefix}|{r.NextHop}|{r.Source}|{r.Best}|{r.LocalPreference}|{r.OriginatorId}|{string.Join(',', r.ClusterList)}|{string.Join(',', r.RouteTargets)}|{r.Vni}|{r.MobilitySequence}");
        var entries = new List<string>();
        if (fdb is not null)
            foreach (var e in fdb.Entries) entries.Add($"{e.Vlan}|{e.Vni}|{e.Mac}|{e.Kind}|{e.Port}|{e.Vtep}");
        return new DeviceStateDigest(device, FabricStateDigest.Of(routes), routes.Count, FabricStateDigest.Of(entries), entries.Count);
    }
}
