using ActorFabric.Actors.TestKit;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace ActorFabric.Actors.Tests;

public class LoggingTests
{
    private sealed class ListSink : ILogEventSink
    {
        public List<LogEvent> Events { get; } = new();

        public void Emit(LogEvent logEvent)
        {
            lock (Events) Events.Add(logEvent);
        }
    }

    [Fact]
    public void A_dead_letter_is_logged_at_debug_with_type_sender_and_recipient()
    {
        var sink = new ListSink();
        var logger = new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(sink).CreateLogger();
        using var kit = new ActorTestKit(new ActorSystemOptions { Clock = ClockMode.Virtual, Logger = logger });
        var echo = kit.ActorOf(Props.Create(() => new EchoActor()), "echo");
        kit.System.Stop(echo);
        kit.RunUntilIdle();
        echo.Tell(new Ping(1));
        var letter = Assert.Single(sink.Events, e => e.MessageTemplate.Text.StartsWith("Dead letter", StringComparison.Ordinal));
        Assert.Equal(LogEventLevel.Debug, letter.Level);
        var text = letter.RenderMessage();
        Assert.Contains(nameof(Ping), text);
        Assert.Contains("/user/echo", text);
    }
}
