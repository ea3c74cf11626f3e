using Fulfilment.Aws.EventBridge.Model;
using Fulfilment.Local.EventBridge;
using Fulfilment.Local.EventBridge.Targets;
using Fulfilment.Local.StepFunctions.Service;
using Fulfilment.Local.StepFunctions.Tasks;

namespace Fulfilment.Local.Host;

/// <summary>The engine's <c>events:putEvents</c> integration publishes on the local bus.</summary>
internal sealed class BusEventPublisher(LocalEventBridge bus) : IEventPublisher
{
    public async Task<IReadOnlyList<(string? EventId, string? ErrorCode, string? ErrorMessage)>> PutEventsAsync(IReadOnlyList<EventEntry> entries, CancellationToken cancellationToken)
    {
        var response = await bus.PutEventsAsync(
            new PutEventsRequest
            {
                Entries = [.. entries.Select(e => new PutEventsRequestEntry
                {
                    EventBusName = e.EventBusName,
                    Source = e.Source,
                    DetailType = e.DetailType,
                    Detail = e.Detail,
                    Resources = e.Resources,
                    Time = e.Time,
                })],
            },
            cancellationToken);
        return [.. response.Entries.Select(r => (r.EventId, r.ErrorCode, r.ErrorMessage))];
    }
}

/// <summary>The bus's Step Functions targets start executions in the local engine.</summary>
internal sealed class EngineStateMachineStarter(Func<ExecutionService> engine) : IStateMachineStarter
{
    public Task StartExecutionAsync(string stateMachineArn, string input, CancellationToken cancellationToken) =>
        engine().StartExecutionAsync(stateMachineArn, name: null, input, cancellationToken);
}
