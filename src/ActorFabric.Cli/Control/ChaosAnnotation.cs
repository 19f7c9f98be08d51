using ActorFabric.Fabric.Runtime;

namespace ActorFabric.Cli.Control;

/// <summary>
/// One chaos action in the shape Grafana annotations take (the JSON API / Infinity data sources map columns
/// <c>time</c>, <c>time_end</c>, <c>title</c>, <c>text</c>, <c>tags</c>): times in Unix milliseconds of the wall clock,
/// the action as the title, what it did as the text, kind and origin as tags; the emulated time rides along.
/// </summary>
public sealed record ChaosAnnotation(long Time, long TimeEnd, string Title, string Text, IReadOnlyList<string> Tags,
    int Sequence, string Kind, string Action, double EmulatedSeconds, string Origin)
{
    public static ChaosAnnotation Of(ChaosEvent e)
    {
        long ms = e.WallTime.ToUnixTimeMilliseconds();
        return new ChaosAnnotation(ms, ms, e.Action, $"{e.Description} (emulated {e.EmulatedSeconds:0.###} s, from {e.Origin})",
            ["chaos", e.Kind, e.Origin], e.Sequence, e.Kind, e.Action, e.EmulatedSeconds, e.Origin);
    }
}
