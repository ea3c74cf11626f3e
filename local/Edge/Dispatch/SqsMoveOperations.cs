using Fulfilment.Local.Edge.Sqs;

namespace Fulfilment.Local.Edge.Dispatch;

/// <summary>The <c>AmazonSQS.*</c> operations the edge answers itself instead of fauxqs.</summary>
internal static class SqsMoveOperations
{
    /// <summary>The operations below, for the relay, which must leave them to the edge.</summary>
    public static IReadOnlySet<string> Names { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "StartMessageMoveTask", "ListMessageMoveTasks", "CancelMessageMoveTask", "ListDeadLetterSourceQueues",
    };

    public static JsonOperations Create(MessageMoveTasks tasks)
    {
        var c = SqsMoveJsonContext.Default;
        return new JsonOperations()
            .Add("StartMessageMoveTask", c.StartMessageMoveTaskRequest, c.StartMessageMoveTaskResponse, tasks.StartAsync)
            .Add("ListMessageMoveTasks", c.ListMessageMoveTasksRequest, c.ListMessageMoveTasksResponse, (r, _) => tasks.ListAsync(r))
            .Add("CancelMessageMoveTask", c.CancelMessageMoveTaskRequest, c.CancelMessageMoveTaskResponse, (r, _) => tasks.CancelAsync(r))
            .Add("ListDeadLetterSourceQueues", c.ListDeadLetterSourceQueuesRequest, c.ListDeadLetterSourceQueuesResponse, tasks.ListDeadLetterSourceQueuesAsync);
    }
}
