using System.Runtime.InteropServices;

namespace ActorFabric.Simulation;

/// <summary>
/// Sleeps for less than a millisecond without burning the core: <c>nanosleep</c> (POSIX; Linux wakes within its
/// 50 µs timer slack) where there is one, else a yield of the time slice. <see cref="Monitor.Wait(object, TimeSpan)"/>
/// and <see cref="Thread.Sleep(TimeSpan)"/> count whole milliseconds, and spinning instead cost a third of a core per
/// node process under traffic (every frame on a link with latency is a sub-millisecond timer).
/// </summary>
internal static class ShortSleep
{
    private static readonly bool HasNanosleep = OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD();

    public static void For(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero) return;
        if (!HasNanosleep)
        {
            Thread.Yield();
            return;
        }
        var request = new TimeSpec { Seconds = (nint)(duration.Ticks / TimeSpan.TicksPerSecond), Nanoseconds = (nint)(duration.Ticks % TimeSpan.TicksPerSecond * 100) };
        // An interrupted sleep (EINTR) simply ends early: the caller looks at the clock again.
        _ = Nanosleep(ref request, IntPtr.Zero);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public nint Seconds;
        public nint Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "nanosleep")]
    private static extern int Nanosleep(ref TimeSpec request, IntPtr remaining);
}
