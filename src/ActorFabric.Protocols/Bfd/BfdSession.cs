using ActorFabric.Protocols.Timing;
using ActorFabric.Wire.Bfd;

namespace ActorFabric.Protocols.Bfd;

/// <summary>
/// One BFD session in asynchronous mode (RFC 5880 §6.2 state machine, §6.8 procedures), sans-I/O:
/// the host feeds received packets and timeouts with the current time, then drains
/// <see cref="TryPollTransmit"/> and <see cref="TryPollEvent"/> and re-arms its timer from
/// <see cref="PollTimeout"/>. Demand mode, Echo and authentication are not implemented.
/// </summary>
public sealed class BfdSession
{
    /// <summary>The periodic transmission (RFC 5880 §6.8.7) and the Detection Time (§6.8.4).</summary>
    private enum Timer { Transmit, Detection }

    private readonly BfdSessionOptions _options;
    private readonly Random _random;
    private readonly Queue<BfdTransmit> _transmits = new();
    private readonly Queue<BfdSessionEvent> _events = new();

    private bool _started;
    private bool _pollActive;
    private readonly TimerTable<Timer> _timers = new();
    private TimeSpan _remoteDesiredMinTx;
    private byte _remoteDetectMult;

    /// <param name="localDiscriminator">bfd.LocalDiscr: nonzero and unique within the host (§6.8.1).</param>
    /// <param name="options">Intervals and multiplier; null for the 300 ms x 3 defaults.</param>
    /// <param name="random">Jitter source (§6.8.7); must be seeded from the run's seed so runs replay.</param>
    public BfdSession(uint localDiscriminator, BfdSessionOptions? options, Random random)
    {
        if (localDiscriminator == 0) throw new ArgumentOutOfRangeException(nameof(localDiscriminator), "bfd.LocalDiscr must be nonzero (RFC 5880 §6.8.1)");
        _options = options ?? new BfdSessionOptions();
        _options.Validate();
        _random = random ?? throw new ArgumentNullException(nameof(random));
        LocalDiscriminator = localDiscriminator;
    }

    public uint LocalDiscriminator { get; }
    public BfdState State { get; private set; } = BfdState.Down;
    public BfdState RemoteState { get; private set; } = BfdState.Down;
    public uint RemoteDiscriminator { get; private set; }
    public BfdDiagnostic LocalDiagnostic { get; private set; }
    public BfdSessionOptions Options => _options;

    /// <summary>bfd.RemoteMinRxInterval, from the last packet (1 µs before any, §6.8.1).</summary>
    public TimeSpan RemoteMinRxInterval { get; private set; } = TimeSpan.FromTicks(10);

    /// <summary>True while a Poll Sequence is outstanding (§6.5).</summary>
    public bool PollSequenceActive => _pollActive;

    /// <summary>Detection time in asynchronous mode (§6.8.4): remote DetectMult x max(local RequiredMinRx, remote DesiredMinTx).</summary>
    public TimeSpan DetectionTime =>
        _remoteDetectMult * (_options.RequiredMinRxInterval > _remoteDesiredMinTx ? _options.RequiredMinRxInterval : _remoteDesiredMinTx);

    /// <summary>The bfd.DesiredMinTxInterval currently in force: the slow-start value while not Up (§6.8.3).</summary>
    public TimeSpan EffectiveDesiredMinTxInterval =>
        _options.SlowStart && State != BfdState.Up && _options.SlowStartInterval > _options.DesiredMinTxInterval
            ? _options.SlowStartInterval
            : _options.DesiredMinTxInterval;

    /// <summary>Begins the session in Down and (unless passive) transmits at once.</summary>
    public void Start(TimeSpan now)
    {
        if (_started) return;
        _started = true;
        if (!_options.Passive) SendNow(now, final: false);
    }

    /// <summary>Decodes and processes a received packet; returns why it was discarded, or None.</summary>
    public BfdDecodeError HandlePacket(ReadOnlySpan<byte> packet, TimeSpan now)
    {
        var error = BfdControlPacket.TryRead(packet, out var decoded);
        if (error == BfdDecodeError.None) HandlePacket(decoded, now);
        return error;
    }

    /// <summary>Processes a decoded packet per RFC 5880 §6.8.6. Returns false if it was discarded.</summary>
    public bool HandlePacket(in BfdControlPacket packet, TimeSpan now)
    {
        if (!_started) return false;
        // §6.8.6: packets addressed to another session, or that would be invalid in this state, are dropped.
        if (packet.DetectMultiplier == 0 || packet.MyDiscriminator == 0) return false;
        if (packet.YourDiscriminator != 0 && packet.YourDiscriminator != LocalDiscriminator) return false;
        if (packet.YourDiscriminator == 0 && packet.State is BfdState.Init or BfdState.Up) return false;

        RemoteDiscriminator = packet.MyDiscriminator;
        RemoteState = packet.State;
        var previousRemoteMinRx = RemoteMinRxInterval;
        RemoteMinRxInterval = Microseconds(packet.RequiredMinRxIntervalMicroseconds);
        _remoteDesiredMinTx = Microseconds(packet.DesiredMinTxIntervalMicroseconds);
        _remoteDetectMult = packet.DetectMultiplier;
        if (packet.Final && _pollActive) _pollActive = false; // §6.5: Final ends our Poll Sequence.

        if (State == BfdState.AdminDown) return true; // §6.8.6: discard further processing while AdminDown.

        _timers.Set(Timer.Detection, now + DetectionTime);
        var before = State;
        if (packet.State == BfdState.AdminDown)
        {
            if (State != BfdState.Down) GoDown(BfdDiagnostic.NeighborSignaledSessionDown, now);
        }
        else if (State == BfdState.Down)
        {
            if (packet.State == BfdState.Down) ChangeState(BfdState.Init, now);
            else if (packet.State == BfdState.Init) GoUp(now);
        }
        else if (State == BfdState.Init)
        {
            if (packet.State is BfdState.Init or BfdState.Up) GoUp(now);
        }
        else if (packet.State == BfdState.Down)
        {
            GoDown(BfdDiagnostic.NeighborSignaledSessionDown, now);
        }

        if (packet.Poll)
        {
            SendNow(now, final: true); // §6.8.6: answer a Poll with Final without waiting for the period.
        }
        else if (State != before)
        {
            SendNow(now, final: false); // Tell the peer our new state at once rather than a period later.
        }
        else if (RemoteMinRxInterval != previousRemoteMinRx)
        {
            ScheduleNext(now);
        }
        return true;
    }

    /// <summary>Runs whatever timers are due at <paramref name="now"/>.</summary>
    public void HandleTimeout(TimeSpan now)
    {
        if (!_started) return;
        if (_timers.TryExpire(Timer.Detection, now))
        {
            // §6.8.1: RemoteDiscr resets when a Detection Time passes without a valid packet.
            RemoteDiscriminator = 0;
            RemoteState = BfdState.Down;
            if (State is BfdState.Init or BfdState.Up)
            {
                GoDown(BfdDiagnostic.ControlDetectionTimeExpired, now);
                SendNow(now, final: false);
            }
        }
        if (_timers.Expired(Timer.Transmit, now)) SendNow(now, final: false); // re-arms or stops it
    }

    /// <summary>The next instant the host must call <see cref="HandleTimeout"/>, or null if nothing is armed.</summary>
    public TimeSpan? PollTimeout() => _timers.Next();

    public bool TryPollTransmit(out BfdTransmit transmit) => _transmits.TryDequeue(out transmit);

    public bool TryPollEvent(out BfdSessionEvent sessionEvent) => _events.TryDequeue(out sessionEvent);

    /// <summary>Administratively disables the session (§6.8.16); the peer sees AdminDown and goes Down with diag 3.</summary>
    public void SetAdminDown(TimeSpan now, BfdDiagnostic diagnostic = BfdDiagnostic.AdministrativelyDown)
    {
        if (State == BfdState.AdminDown) return;
        bool wasUp = State == BfdState.Up;
        LocalDiagnostic = diagnostic;
        State = BfdState.AdminDown;
        _timers.Stop(Timer.Detection);
        _pollActive = false;
        if (wasUp) _events.Enqueue(new BfdSessionEvent(BfdSessionEventKind.Down, State, diagnostic, now));
        if (_started) SendNow(now, final: false);
    }

    /// <summary>Leaves AdminDown for Down (§6.8.16); the handshake then runs again.</summary>
    public void SetAdminUp(TimeSpan now)
    {
        if (State != BfdState.AdminDown) return;
        State = BfdState.Down;
        LocalDiagnostic = BfdDiagnostic.None;
        if (_started) SendNow(now, final: false);
    }

    private void GoUp(TimeSpan now)
    {
        ChangeState(BfdState.Up, now);
        // Leaving slow start changes the advertised DesiredMinTx, which needs a Poll Sequence (§6.8.3).
        if (EffectiveDesiredMinTxInterval != _options.SlowStartInterval) _pollActive = true;
        _events.Enqueue(new BfdSessionEvent(BfdSessionEventKind.Up, State, LocalDiagnostic, now));
    }

    private void GoDown(BfdDiagnostic diagnostic, TimeSpan now)
    {
        bool wasUp = State == BfdState.Up;
        LocalDiagnostic = diagnostic;
        ChangeState(BfdState.Down, now);
        _pollActive = false;
        if (wasUp) _events.Enqueue(new BfdSessionEvent(BfdSessionEventKind.Down, State, diagnostic, now));
    }

    private void ChangeState(BfdState next, TimeSpan now)
    {
        _ = now;
        State = next;
    }

    private void SendNow(TimeSpan now, bool final)
    {
        // §6.8.7: never send when the peer asked for no packets, nor as a passive system that has heard nothing.
        if (RemoteMinRxInterval == TimeSpan.Zero || (_options.Passive && RemoteDiscriminator == 0))
        {
            _timers.Stop(Timer.Transmit);
            return;
        }
        var packet = new BfdControlPacket(
            State,
            LocalDiagnostic,
            _options.DetectMultiplier,
            LocalDiscriminator,
            RemoteDiscriminator,
            ToMicroseconds(EffectiveDesiredMinTxInterval),
            ToMicroseconds(_options.RequiredMinRxInterval),
            0,
            Poll: _pollActive && !final,
            Final: final);
        _transmits.Enqueue(new BfdTransmit(now, packet));
        ScheduleNext(now);
    }

    private void ScheduleNext(TimeSpan now)
    {
        if (RemoteMinRxInterval == TimeSpan.Zero) { _timers.Stop(Timer.Transmit); return; }
        var interval = EffectiveDesiredMinTxInterval > RemoteMinRxInterval ? EffectiveDesiredMinTxInterval : RemoteMinRxInterval;
        // §6.8.7: jitter each interval down by up to 25% (10-25% when DetectMult is 1) so peers do not synchronise.
        double factor = _options.DetectMultiplier == 1
            ? 0.75 + 0.15 * _random.NextDouble()
            : 0.75 + 0.25 * _random.NextDouble();
        _timers.Set(Timer.Transmit, now + TimeSpan.FromTicks((long)(interval.Ticks * factor)));
    }

    private static TimeSpan Microseconds(uint value) => TimeSpan.FromTicks(value * 10L);

    private static uint ToMicroseconds(TimeSpan value) => (uint)Math.Min(uint.MaxValue, value.Ticks / 10);
}
