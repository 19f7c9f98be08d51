namespace ActorFabric.Actors;

/// <summary>Request/response on top of Tell.</summary>
public static class AskExtensions
{
    /// <summary>
    /// Sends <paramref name="message"/> with a temporary reply address and returns the first
    /// reply of type <typeparamref name="T"/>. Fails with a <see cref="TimeoutException"/> naming
    /// the target and the message type when no reply comes within <paramref name="timeout"/>
    /// (virtual time under the virtual clock), and with the cause of a <see cref="Messages.Status.Failure"/> reply.
    /// </summary>
    public static Task<T> Ask<T>(this IActorRef target, object message, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(message);
        if (target is not IInternalActorRef internalRef)
            throw new NotSupportedException($"Ask needs a kernel ref; {target.GetType().Name} is not one.");
        var promise = new PromiseActorRef<T>(internalRef.System, target, message.GetType());
        promise.StartTimeout(timeout);
        try
        {
            target.Tell(message, promise);
        }
        catch (Exception ex)
        {
            promise.Fail(ex);
            throw;
        }
        return promise.Task;
    }
}
