namespace ActorFabric.Protocols.Underlay;

/// <summary>Why an adjacency went down.</summary>
public enum AdjacencyDownReason
{
    /// <summary>The host reported the link down.</summary>
    LinkDown,
    /// <summary>No hello within the neighbor's hold time: it died silently or the link lost every packet.</summary>
    HoldTimeExpired,
    /// <summary>The neighbor's hello no longer lists us (it restarted or dropped us).</summary>
    NeighborReset,
    /// <summary>A different router now answers on the interface.</summary>
    NeighborChanged,
}

/// <summary>Something the host may react to; drained with <see cref="LinkStateRouter.TryPollEvent"/>.</summary>
public abstract record UnderlayEvent(TimeSpan At);

/// <summary>Three-way handshake completed on <paramref name="InterfaceId"/>.</summary>
public sealed record AdjacencyUp(TimeSpan At, int InterfaceId, uint NeighborRouterId) : UnderlayEvent(At);

public sealed record AdjacencyDown(TimeSpan At, int InterfaceId, uint NeighborRouterId, AdjacencyDownReason Reason) : UnderlayEvent(At);

/// <summary>SPF produced a different route table; <paramref name="Table"/> replaces the previous one.</summary>
public sealed record RouteTableChanged(TimeSpan At, UnderlayRouteTable Table) : UnderlayEvent(At);
