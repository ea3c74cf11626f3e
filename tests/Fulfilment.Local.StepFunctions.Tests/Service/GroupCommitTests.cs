using Fulfilment.Local.StepFunctions.Execution;
using Fulfilment.Local.StepFunctions.Persistence;
using Fulfilment.Local.StepFunctions.Service;
using Fulfilment.Local.StepFunctions.Tasks;
using Fulfilment.Local.StepFunctions.Tests.Support;

namespace Fulfilment.Local.StepFunctions.Tests.Service;

/// <summary>
/// Group commit of pure states: a durable store gets a checkpoint before every state with effects and before the first
/// pure state after one, not before the pure states that follow (a crash among them reruns only pure states).
/// </summary>
public sealed class GroupCommitTests
{
    [Fact]
    public async Task Checkpoint_WhenPureStatesFollowATask_ShouldCheckpointOnlyTheFirstOfThem()
    {
        const string definition = """
            {"StartAt":"T1","States":{
              "T1":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:000000000000:function:echo","Next":"P1"},
              "P1":{"Type":"Pass","Next":"C1"},
              "C1":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericEquals":1,"Next":"P2"}],"Default":"P2"},
              "P2":{"Type":"Pass","Next":"T2"},
              "T2":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:000000000000:function:echo","Next":"P3"},
              "P3":{"Type":"Pass","End":true}}}
            """;
        var store = new CountingStore();
        await using var service = new ExecutionService(store, new TaskInvokerRegistry([new FakeLambda()]), new InstantEngineClock());
        var machine = await service.CreateStateMachineAsync("group", definition);

        var start = await service.StartExecutionAsync(machine.StateMachineArn, "run", """{"n":1}""");
        var result = await service.WaitForCompletionAsync(start.ExecutionArn).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(("SUCCEEDED", "T1,P1,T2,P3"), (result.Status, string.Join(",", store.Checkpoints)));
    }

    /// <summary>The in-memory store, reporting itself durable so that the engine checkpoints into it; records the checkpoints.</summary>
    private sealed class CountingStore : IExecutionStore
    {
        private readonly InMemoryExecutionStore inner = new();

        public List<string> Checkpoints { get; } = [];

        public bool IsDurable => true;

        public Task PutStateMachineAsync(StateMachineRecord record, CancellationToken cancellationToken) => inner.PutStateMachineAsync(record, cancellationToken);

        public Task<StateMachineRecord?> GetStateMachineAsync(string stateMachineArn, CancellationToken cancellationToken) => inner.GetStateMachineAsync(stateMachineArn, cancellationToken);

        public Task<IReadOnlyList<StateMachineRecord>> ListStateMachinesAsync(CancellationToken cancellationToken) => inner.ListStateMachinesAsync(cancellationToken);

        public Task DeleteStateMachineAsync(string stateMachineArn, CancellationToken cancellationToken) => inner.DeleteStateMachineAsync(stateMachineArn, cancellationToken);

        public Task PutExecutionAsync(ExecutionRecord record, HistorySlice newEvents, CancellationToken cancellationToken) => inner.PutExecutionAsync(record, newEvents, cancellationToken);

        public Task CheckpointAsync(string executionArn, ExecutionCheckpoint? checkpoint, long lastEventId, HistorySlice newEvents, CancellationToken cancellationToken)
        {
            if (checkpoint is not null)
            {
                lock (Checkpoints)
                {
                    Checkpoints.Add(checkpoint.State);
                }
            }

            return inner.CheckpointAsync(executionArn, checkpoint, lastEventId, newEvents, cancellationToken);
        }

        public Task<ExecutionRecord?> GetExecutionAsync(string executionArn, CancellationToken cancellationToken) => inner.GetExecutionAsync(executionArn, cancellationToken);

        public Task<IReadOnlyList<ExecutionRecord>> ListExecutionsAsync(string? stateMachineArn, string? status, CancellationToken cancellationToken) =>
            inner.ListExecutionsAsync(stateMachineArn, status, cancellationToken);

        public Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string executionArn, CancellationToken cancellationToken) => inner.GetHistoryAsync(executionArn, cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
