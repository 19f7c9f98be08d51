namespace ActorFabric.Wire.Pcap;

/// <summary>Why reading a pcap file stopped.</summary>
public enum PcapError : byte
{
    None = 0,
    /// <summary>Clean end of file at a record boundary.</summary>
    EndOfFile,
    /// <summary>The file ends inside a header or record.</summary>
    Truncated,
    /// <summary>Not a classic pcap magic number in either byte order.</summary>
    BadMagic,
    /// <summary>A record claims more captured bytes than the snap length allows (or than 256 MiB).</summary>
    RecordTooLarge,
}
