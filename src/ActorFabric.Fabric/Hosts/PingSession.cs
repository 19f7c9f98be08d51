using ActorFabric.Wire.Packets;

namespace ActorFabric.Fabric.Hosts;

/// <summary>A running or finished ping (ICMP echo, RFC 792, or ICMPv6 echo, RFC 4443 §4) started with <see cref="EmulatedHost.Ping"/>.</summary>
public sealed class PingSession
{
    internal readonly SortedDictionary<ushort, TimeSpan> Outstanding = [];
    internal readonly SortedDictionary<ushort, TimeSpan> Answered = [];
    internal readonly List<ushort> Lost = [];
    internal ushort NextSequence;
    internal TimeSpan NextSendAt;

    internal PingSession(int id, ushort identifier, HostAddress destination, int count, TimeSpan interval, int payloadSize, TimeSpan timeout, TimeSpan start)
    {
        Id = id;
        Identifier = identifier;
        Destination = destination;
        Count = count;
        Interval = interval;
        PayloadSize = payloadSize;
        Timeout = timeout;
        NextSendAt = start;
    }

    public int Id { get; }
    /// <summary>ICMP identifier of this session's echoes.</summary>
    public ushort Identifier { get; }
    public HostAddress Destination { get; }
    public int Count { get; }
    public TimeSpan Interval { get; }
    public int PayloadSize { get; }
    public TimeSpan Timeout { get; }
    public MacAddress? FirstHopMac { get; internal set; }
    public bool IsComplete => NextSequence >= Count && Outstanding.Count == 0;

    public PingResult Result => new(Destination, NextSequence, Answered.Count, [.. Answered.Values], [.. Lost], FirstHopMac);

    internal TimeSpan? NextDeadline
    {
        get
        {
            TimeSpan? next = NextSequence < Count ? NextSendAt : null;
            foreach (var sent in Outstanding.Values)
            {
                var deadline = sent + Timeout;
                if (next is null || deadline < next) next = deadline;
            }
            return next;
        }
    }
}
