using System.Globalization;

namespace ActorFabric.Fabric.Topology;

/// <summary>Interned <c>ethN</c> port names, so a large fabric shares one string per port number.</summary>
internal static class PortNames
{
    private static string[] _names = [];
    private static readonly Lock Gate = new();

    public static string Eth(int number)
    {
        var names = Volatile.Read(ref _names);
        if (number < names.Length) return names[number];
        lock (Gate)
        {
            if (number >= _names.Length)
            {
                var grown = new string[Math.Max(number + 1, _names.Length * 2 + 64)];
                Array.Copy(_names, grown, _names.Length);
                for (int i = _names.Length; i < grown.Length; i++) grown[i] = "eth" + i.ToString(CultureInfo.InvariantCulture);
                Volatile.Write(ref _names, grown);
            }
            return _names[number];
        }
    }

    /// <summary>The N of <c>ethN</c>, or -1 for any other name.</summary>
    public static int EthNumber(string port)
    {
        if (port.Length < 4 || !port.StartsWith("eth", StringComparison.Ordinal)) return -1;
        return int.TryParse(port.AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
    }
}
