using System.CommandLine;
using ActorFabric.Cli.Bgp;

namespace ActorFabric.Cli.Commands;

/// <summary><c>actorfabric bgp …</c>: BGP tools. Add a subcommand by adding its factory to <see cref="Subcommands"/>.</summary>
public static class BgpCommand
{
    /// <summary>Factories of the group's subcommands, in help order (later: speaker, rib).</summary>
    public static readonly List<Func<Command>> Subcommands =
    [
        BgpDecodeCommand.Create,
        Bgp.Speaker.BgpSpeakerCommand.Create,
        Bgp.Speaker.BgpRibCommand.Create,
        Bgp.Speaker.BgpRoutesCommand.CreateInject,
        Bgp.Speaker.BgpRoutesCommand.CreateWithdraw,
    ];

    public static Command Create()
    {
        var bgp = new Command("bgp", "BGP EVPN tools: decode messages and captures.");
        foreach (var factory in Subcommands) bgp.Subcommands.Add(factory());
        return bgp;
    }
}
