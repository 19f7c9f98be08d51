namespace ActorFabric.Wire.Pcap;

/// <summary>One captured frame. <see cref="TimestampNanoseconds"/> is exact; <see cref="Timestamp"/> is rounded down to 100 ns ticks.</summary>
public readonly record struct PcapRecord(long TimestampNanoseconds, byte[] Data, int OriginalLength)
{
    public TimeSpan Timestamp => TimeSpan.FromTicks(TimestampNanoseconds / TimeSpan.NanosecondsPerTick);
}
