using System.Net;

namespace Fulfilment.Aws;

/// <summary>An error answered by an AWS service (JSON protocol <c>__type</c> + <c>message</c>); subclasses name the specific error.</summary>
public class AwsServiceException : Exception
{
    public AwsServiceException()
    {
    }

    public AwsServiceException(string message)
        : base(message)
    {
    }

    public AwsServiceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The AWS error name without namespace, e.g. <c>ExecutionAlreadyExists</c>.</summary>
    public string ErrorCode { get; internal set; } = "";

    /// <summary>The HTTP status the service answered with.</summary>
    public HttpStatusCode StatusCode { get; internal set; } = HttpStatusCode.BadRequest;

    /// <summary>The service's request id (<c>x-amzn-RequestId</c>), when given.</summary>
    public string? RequestId { get; internal set; }

    /// <summary>True for errors a client should retry after a backoff (throttling, 5xx).</summary>
    public bool IsRetryable => AwsErrors.IsRetryable(ErrorCode, StatusCode);
}
