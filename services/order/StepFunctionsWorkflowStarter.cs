using Fulfilment.Aws.StepFunctions;
using Fulfilment.Aws.StepFunctions.Model;

namespace Fulfilment.Order;

/// <summary><see cref="IWorkflowStarter"/> over Step Functions <c>StartExecution</c> (AWS, or the local edge via <c>AWS_ENDPOINT_URL</c>).</summary>
public sealed class StepFunctionsWorkflowStarter(StepFunctionsClient client, string stateMachineArn) : IWorkflowStarter
{
    /// <inheritdoc/>
    public async Task<WorkflowStart> StartAsync(string executionName, string input, CancellationToken cancellationToken)
    {
        try
        {
            // Same name + same input while the execution is open returns that execution (idempotent start).
            var response = await client.StartExecutionAsync(
                new StartExecutionRequest { StateMachineArn = stateMachineArn, Name = executionName, Input = input },
                cancellationToken);
            return new WorkflowStart(response.ExecutionArn, AlreadyStarted: false);
        }
        catch (ExecutionAlreadyExistsException)
        {
            // Closed already, or started with other input: either way this order's execution exists.
            return new WorkflowStart(ExecutionArnOf(executionName), AlreadyStarted: true);
        }
    }

    private string ExecutionArnOf(string executionName) =>
        stateMachineArn.Replace(":stateMachine:", ":execution:", StringComparison.Ordinal) + ":" + executionName;
}
