namespace Fulfilment.Lambda;

/// <summary>What one invocation knows about itself; mirrors <c>Amazon.Lambda.Core.ILambdaContext</c>.</summary>
public interface ILambdaContext
{
    /// <summary>The request id of this invocation (<c>Lambda-Runtime-Aws-Request-Id</c>).</summary>
    string AwsRequestId { get; }

    /// <summary>The function name (<c>AWS_LAMBDA_FUNCTION_NAME</c>).</summary>
    string FunctionName { get; }

    /// <summary>The function version (<c>AWS_LAMBDA_FUNCTION_VERSION</c>), <c>$LATEST</c> when unknown.</summary>
    string FunctionVersion { get; }

    /// <summary>The ARN the caller invoked (<c>Lambda-Runtime-Invoked-Function-Arn</c>).</summary>
    string InvokedFunctionArn { get; }

    /// <summary>The configured memory in MB (<c>AWS_LAMBDA_FUNCTION_MEMORY_SIZE</c>), 0 when unknown.</summary>
    int MemoryLimitInMB { get; }

    /// <summary>The CloudWatch log group (<c>AWS_LAMBDA_LOG_GROUP_NAME</c>), empty when unknown.</summary>
    string LogGroupName { get; }

    /// <summary>The CloudWatch log stream (<c>AWS_LAMBDA_LOG_STREAM_NAME</c>), empty when unknown.</summary>
    string LogStreamName { get; }

    /// <summary>When the platform stops waiting for this invocation (<c>Lambda-Runtime-Deadline-Ms</c>).</summary>
    DateTimeOffset Deadline { get; }

    /// <summary>Time left until <see cref="Deadline"/>; zero once it has passed.</summary>
    TimeSpan RemainingTime { get; }

    /// <summary>The X-Ray trace header (<c>Lambda-Runtime-Trace-Id</c>), also set as <c>_X_AMZN_TRACE_ID</c>.</summary>
    string? TraceId { get; }

    /// <summary>A structured logger that stamps every line with this invocation's request id.</summary>
    ILambdaLogger Logger { get; }
}
