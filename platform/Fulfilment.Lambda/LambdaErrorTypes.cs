using Fulfilment.Contracts.Errors;

namespace Fulfilment.Lambda;

/// <summary>The <c>errorType</c> values the runtime itself reports (handlers report <see cref="ErrorNames"/>).</summary>
public static class LambdaErrorTypes
{
    /// <summary>The payload is not JSON or does not fit the handler's request type.</summary>
    public const string InvalidInput = ErrorNames.InvalidInput;

    /// <summary>The invocation ran past its deadline; the same name AWS Lambda reports for a timeout.</summary>
    public const string Timeout = "Sandbox.Timedout";

    /// <summary>An init error: <c>_HANDLER</c> names no registered handler.</summary>
    public const string HandlerNotFound = "Runtime.HandlerNotFound";

    /// <summary>An init error: the process was started without <c>AWS_LAMBDA_RUNTIME_API</c> or <c>_HANDLER</c>.</summary>
    public const string MissingConfiguration = "Runtime.MissingConfiguration";
}
