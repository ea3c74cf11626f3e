using System.Globalization;
using Fulfilment.Lambda;

namespace Fulfilment.Local.Lambda;

/// <summary>The <c>errorType</c> values the local Lambda service itself reports, named as AWS Lambda names them.</summary>
public static class LocalLambdaErrors
{
    /// <summary>The invocation ran past the function's timeout; its process was killed.</summary>
    public const string Timeout = LambdaErrorTypes.Timeout;

    /// <summary>The process exited (crashed, was killed) while it ran the invocation or before it finished init.</summary>
    public const string ExitError = "Runtime.ExitError";

    /// <summary>No function with that name.</summary>
    public const string ResourceNotFound = "ResourceNotFoundException";

    /// <summary>The response is larger than Lambda's 6 MB synchronous limit.</summary>
    public const string ResponseSizeTooLarge = "Function.ResponseSizeTooLarge";

    /// <summary>The runtime posted an error without a type.</summary>
    public const string Unknown = "Runtime.Unknown";

    internal static LambdaError TimedOut(string requestId, TimeSpan timeout) =>
        new(Timeout, string.Create(CultureInfo.InvariantCulture, $"RequestId: {requestId} Error: Task timed out after {timeout.TotalSeconds:0.00} seconds"), []);

    internal static LambdaError Exited(string requestId, int? exitCode, string when) =>
        new(ExitError, string.Create(CultureInfo.InvariantCulture, $"RequestId: {requestId} Error: Runtime exited {when} with error: exit status {exitCode?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}"), []);

    internal static LambdaError NotFound(string functionName, string region, string accountId) =>
        new(ResourceNotFound, $"Function not found: {LocalLambdaService.FunctionArn(functionName, region, accountId)}", []);
}
