namespace Fulfilment.Local.Edge.Sqs;

/// <summary>An SQS error answered by the edge itself, with its JSON <c>__type</c> and legacy query error code.</summary>
public sealed class SqsEdgeException : Exception
{
    public SqsEdgeException()
    {
    }

    public SqsEdgeException(string message)
        : base(message)
    {
    }

    public SqsEdgeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SqsEdgeException(string errorName, string queryCode, string message)
        : base(message)
    {
        ErrorName = errorName;
        QueryCode = queryCode;
    }

    /// <summary>The modelled error name, e.g. <c>ResourceNotFoundException</c> or <c>QueueDoesNotExist</c>.</summary>
    public string ErrorName { get; } = "InvalidParameterValue";

    /// <summary>The legacy query-protocol code, e.g. <c>AWS.SimpleQueueService.NonExistentQueue</c>.</summary>
    public string QueryCode { get; } = "InvalidParameterValue";
}
