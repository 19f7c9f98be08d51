namespace ActorFabric.Protocols.Tcp;

/// <summary>
/// The retransmission timeout of one connection (RFC 6298): 1 s until the first round-trip sample (§2.1), then
/// SRTT + 4·RTTVAR with α = 1/8, β = 1/4 (§2.2, §2.3), never below 1 s (§2.4) nor above the maximum (§2.5);
/// doubled on each expiry (§5.5). Samples come only from segments sent once (Karn's algorithm, §3).
/// </summary>
public sealed class RetransmissionTimeout
{
    private static readonly TimeSpan Initial = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Minimum = TimeSpan.FromSeconds(1);
    private readonly TimeSpan _maximum;
    private TimeSpan? _smoothed;
    private TimeSpan _variation;
    private TimeSpan _computed = Initial;

    public RetransmissionTimeout(TimeSpan maximum) => _maximum = maximum < Minimum ? Minimum : maximum;

    /// <summary>The current RTO.</summary>
    public TimeSpan Current { get; private set; } = Initial;

    /// <summary>A round-trip measurement R of a segment that was not retransmitted (§2.2, §2.3).</summary>
    public void Sample(TimeSpan roundTrip)
    {
        if (_smoothed is not { } srtt)
        {
            _smoothed = roundTrip;
            _variation = roundTrip / 2;
        }
        else
        {
            var error = srtt - roundTrip;
            _variation = (_variation * 3 + error.Duration()) / 4;
            _smoothed = (srtt * 7 + roundTrip) / 8;
        }
        var rto = _smoothed.Value + _variation * 4;
        _computed = rto < Minimum ? Minimum : rto > _maximum ? _maximum : rto;
        Current = _computed;
    }

    /// <summary>The timer expired: back off (§5.5).</summary>
    public void BackOff()
    {
        var doubled = Current + Current;
        Current = doubled > _maximum ? _maximum : doubled;
    }

    /// <summary>New data was acknowledged after a back-off: return to the computed value (§5.7 lets a new sample do it).</summary>
    public void Restore() => Current = _computed;
}
