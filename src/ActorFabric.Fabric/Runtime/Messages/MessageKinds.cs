namespace ActorFabric.Fabric.Runtime.Messages;

/// <summary>
/// A message that carries frames or segment bytes between devices and links: serialized by
/// <see cref="FabricWireSerializer"/> (its bytes, no reflection). Bound in config/akka.conf.
/// </summary>
internal interface IWireMessage
{
}

/// <summary>
/// A control, query, report or answer message between fabric actors and the facade: serialized by Hyperion.
/// Bound in config/akka.conf.
/// </summary>
internal interface IControlMessage
{
}
