namespace ActorFabric.Wire.Pcap;

/// <summary>Constants of the classic libpcap file format (draft-ietf-opsawg-pcap §4, §5).</summary>
public static class PcapFormat
{
    public const uint MicrosecondMagic = 0xA1B2C3D4;
    /// <summary>Nanosecond-resolution magic: emulated-time stamps are written exactly.</summary>
    public const uint NanosecondMagic = 0xA1B23C4D;
    public const ushort VersionMajor = 2;
    public const ushort VersionMinor = 4;
    public const int FileHeaderLength = 24;
    public const int RecordHeaderLength = 16;
    public const int DefaultSnapLength = 65535;
    /// <summary>LINKTYPE_ETHERNET: frames start at the destination MAC, no FCS.</summary>
    public const uint LinkTypeEthernet = 1;
}
