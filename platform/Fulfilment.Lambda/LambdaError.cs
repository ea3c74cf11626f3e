using System.Text.Json.Serialization;

namespace Fulfilment.Lambda;

/// <summary>
/// A failed invocation as the Runtime API receives it: <c>{"errorType","errorMessage","stackTrace"}</c>.
/// <see cref="ErrorType"/> is what a Step Functions <c>ErrorEquals</c> matches.
/// </summary>
public sealed record LambdaError(
    [property: JsonPropertyName("errorType")] string ErrorType,
    [property: JsonPropertyName("errorMessage")] string ErrorMessage,
    [property: JsonPropertyName("stackTrace")] IReadOnlyList<string> StackTrace);

/// <summary>The outcome of one invocation: exactly one of <see cref="Response"/> (JSON bytes) or <see cref="Error"/> is set.</summary>
public sealed record LambdaInvocationResult(byte[]? Response, LambdaError? Error)
{
    /// <summary>True when the handler returned a response.</summary>
    public bool IsSuccess => Error is null;
}
