namespace Fulfilment.Lambda.Tracing;

/// <summary>The invocation's context with a logger that stamps the trace fields; everything else is the original's.</summary>
internal sealed class TracedLambdaContext(ILambdaContext inner, ILambdaLogger logger) : ILambdaContext
{
    public string AwsRequestId => inner.AwsRequestId;

    public string FunctionName => inner.FunctionName;

    public string FunctionVersion => inner.FunctionVersion;

    public string InvokedFunctionArn => inner.InvokedFunctionArn;

    public int MemoryLimitInMB => inner.MemoryLimitInMB;

    public string LogGroupName => inner.LogGroupName;

    public string LogStreamName => inner.LogStreamName;

    public DateTimeOffset Deadline => inner.Deadline;

    public TimeSpan RemainingTime => inner.RemainingTime;

    public string? TraceId => inner.TraceId;

    public ILambdaLogger Logger => logger;
}
