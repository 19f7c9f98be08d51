using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Event;

namespace ActorFabric.Cluster.Tests.Security;

/// <summary>The warnings and errors an actor system publishes on its event stream, kept for assertions.</summary>
internal sealed class RecordedLog
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public static RecordedLog Of(ActorSystem system)
    {
        var log = new RecordedLog();
        var recorder = system.ActorOf(Props.Create(() => new Recorder(log._events)), "log-recorder");
        system.EventStream.Subscribe(recorder, typeof(Warning));
        system.EventStream.Subscribe(recorder, typeof(Error));
        return log;
    }

    /// <summary>Each event as one line: level, message and cause (Akka's TLS errors put the detail in the cause).</summary>
    public IReadOnlyList<string> Lines => _events.Select(e => $"{e.LogLevel()} {e.Message} {e.Cause?.Message}").ToList();

    public bool Has(Func<string, bool> line) => _events.Any(e => line($"{e.LogLevel()} {e.Message} {e.Cause?.Message}"));

    public override string ToString() => string.Join(Environment.NewLine, Lines);

    private sealed class Recorder : ReceiveActor
    {
        public Recorder(ConcurrentQueue<LogEvent> events) => Receive<LogEvent>(events.Enqueue);
    }
}
