namespace Fulfilment.Order;

/// <summary>Starts the order-fulfilment execution for an order (Step Functions <c>StartExecution</c>, name = orderId).</summary>
public interface IWorkflowStarter
{
    /// <summary>
    /// Starts the execution. Both "started now" and "already started" (same name and input while open, or
    /// <c>ExecutionAlreadyExists</c>) are success; anything else throws and the message is retried.
    /// </summary>
    Task<WorkflowStart> StartAsync(string executionName, string input, CancellationToken cancellationToken);
}

/// <summary>What <see cref="IWorkflowStarter.StartAsync"/> did.</summary>
/// <param name="ExecutionArn">The execution's ARN when known (an already-existing execution may not report it).</param>
/// <param name="AlreadyStarted">True when an earlier delivery had started it.</param>
public sealed record WorkflowStart(string? ExecutionArn, bool AlreadyStarted);
