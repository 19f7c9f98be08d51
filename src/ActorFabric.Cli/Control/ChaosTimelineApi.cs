using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using static ActorFabric.Cli.Control.ControlApiServer;

namespace ActorFabric.Cli.Control;

/// <summary>
/// GET /api/chaos/timeline[?from=MS&amp;to=MS]: every chaos action so far as <see cref="ChaosAnnotation"/>s, oldest
/// first. <c>from</c>/<c>to</c> (Unix ms, what Grafana's <c>${__from}</c>/<c>${__to}</c> expand to) keep the
/// actions of a dashboard's time range.
/// </summary>
internal static class ChaosTimelineApi
{
    public static void Map(WebApplication app, IFabricControl fabric)
    {
        app.MapGet("/api/chaos/timeline", (HttpRequest request) => Guarded(() =>
        {
            long from = Bound(request, "from", long.MinValue), to = Bound(request, "to", long.MaxValue);
            var annotations = new List<ChaosAnnotation>();
            foreach (var e in fabric.ChaosTimeline)
            {
                var a = ChaosAnnotation.Of(e);
                if (a.Time >= from && a.Time <= to) annotations.Add(a);
            }
            return Task.FromResult(Json(annotations));
        }));
    }

    private static long Bound(HttpRequest request, string name, long absent)
    {
        var text = request.Query[name].FirstOrDefault();
        if (string.IsNullOrEmpty(text)) return absent;
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms)
            ? ms : throw new FormatException($"'{name}' must be Unix milliseconds, not '{FabricNames.Clip(text)}'");
    }
}
