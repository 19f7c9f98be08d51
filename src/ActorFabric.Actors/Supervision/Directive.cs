namespace ActorFabric.Actors.Supervision;

/// <summary>What a supervisor does with a child whose Receive threw.</summary>
public enum Directive
{
    /// <summary>Keep the instance and its state; drop the failed message.</summary>
    Resume,

    /// <summary>Replace the instance with a fresh one (PreRestart/PostRestart), after back-off.</summary>
    Restart,

    /// <summary>Stop the child.</summary>
    Stop,

    /// <summary>Fail the supervisor itself with the same exception, handing the decision to its parent.</summary>
    Escalate,
}
