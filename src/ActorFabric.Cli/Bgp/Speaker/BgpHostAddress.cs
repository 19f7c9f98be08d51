using System.Buffers.Binary;
using System.Globalization;
using System.Net;

namespace ActorFabric.Cli.Bgp.Speaker;

/// <summary>IPv4 address ↔ BGP identifier (big-endian uint) and ADDR:PORT parsing for the speaker's options.</summary>
public static class BgpHostAddress
{
    public static uint ToUInt(IPAddress address)
    {
        Span<byte> b = stackalloc byte[4];
        if (!address.TryWriteBytes(b, out int n) || n != 4) throw new FormatException($"{address} is not an IPv4 address");
        return BinaryPrimitives.ReadUInt32BigEndian(b);
    }

    public static IPAddress FromUInt(uint value) => new(new[] { (byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value });

    public static string Format(uint value) => $"{value >> 24}.{(value >> 16) & 0xFF}.{(value >> 8) & 0xFF}.{value & 0xFF}";

    /// <summary>Parses <c>ADDR:PORT</c> (port defaults to 179, BGP's well-known port).</summary>
    public static IPEndPoint ParseEndpoint(string text, int defaultPort = 179)
    {
        var colon = text.LastIndexOf(':');
        if (colon > 0 && IPAddress.TryParse(text[..colon], out var a) && int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
            return new IPEndPoint(a, port);
        if (IPAddress.TryParse(text, out var only)) return new IPEndPoint(only, defaultPort);
        throw new FormatException($"'{text}' is not ADDR:PORT");
    }
}
