using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fulfilment.Local.StepFunctions.Execution;
using Fulfilment.Local.StepFunctions.Json;

namespace Fulfilment.Local.StepFunctions.Tasks;

/// <summary>
/// Lambda: a function ARN (<c>arn:aws:lambda:…:function:NAME</c>, the payload is the effective input, the result is the
/// function's response) and <c>arn:aws:states:::lambda:invoke</c> (<c>FunctionName</c> + <c>Payload</c>, the result wrapped
/// as <c>{ "Payload", "StatusCode": 200, … }</c>). A function error surfaces with its <c>errorType</c> as the error name and
/// the error object as the cause, as in AWS.
/// </summary>
public sealed class LambdaTaskInvoker(
    Func<string, byte[], CancellationToken, Task<(byte[]? Response, (string ErrorType, string ErrorMessage)? Error)>> invoke) : ITaskInvoker, IUtf8TaskInvoker
{
    private const string InvokeArn = "arn:aws:states:::lambda:invoke";

    /// <inheritdoc />
    public bool CanInvoke(string resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return resource == InvokeArn || (resource.StartsWith("arn:aws:lambda:", StringComparison.Ordinal) && resource.Contains(":function:", StringComparison.Ordinal));
    }

    /// <inheritdoc />
    public async Task<JsonNode?> InvokeAsync(TaskInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var optimized = invocation.Resource == InvokeArn;
        string functionName;
        JsonNode? payload;
        string? payloadText = null;
        if (optimized)
        {
            var parameters = invocation.Parameters as JsonObject;
            if (!JsonValues.TryGetString(parameters?["FunctionName"], out functionName))
            {
                throw new StatesException(StatesErrors.Runtime, "lambda:invoke needs a string 'FunctionName' parameter.");
            }

            payload = parameters!.TryGetPropertyValue("Payload", out var p) ? p : new JsonObject();
        }
        else
        {
            functionName = invocation.Resource;
            payload = invocation.Parameters;
            payloadText = invocation.ParametersText;
        }

        var name = FunctionName(functionName);
        var bytes = !optimized && !invocation.ParametersUtf8.IsEmpty ? invocation.ParametersUtf8.ToArray()
            : Encoding.UTF8.GetBytes(payloadText ?? JsonValues.Serialize(payload));
        var response = ParseResponse(name, await CallAsync(name, bytes, cancellationToken));
        if (!optimized)
        {
            return response;
        }

        return new JsonObject
        {
            ["ExecutedVersion"] = "$LATEST",
            ["Payload"] = response,
            ["SdkHttpMetadata"] = new JsonObject { ["HttpStatusCode"] = 200 },
            ["SdkResponseMetadata"] = new JsonObject { ["RequestId"] = Guid.NewGuid().ToString() },
            ["StatusCode"] = 200,
        };
    }

    /// <summary>A function ARN is called by its function name with the payload bytes the engine has; <c>lambda:invoke</c> needs its node.</summary>
    string? IUtf8TaskInvoker.Utf8Target(string resource) => resource != InvokeArn && CanInvoke(resource) ? FunctionName(resource) : null;

    /// <summary>
    /// A function's call with the payload bytes the engine already has, answering the raw response bytes (null when empty):
    /// the engine then decides whether it needs a node at all. Errors are thrown as from <see cref="InvokeAsync"/>.
    /// </summary>
    async ValueTask<byte[]?> IUtf8TaskInvoker.InvokeUtf8Async(string target, ReadOnlyMemory<byte> parameters, CancellationToken cancellationToken)
    {
        var response = await CallAsync(target, parameters.ToArray(), cancellationToken);
        return response is { Length: > 0 } ? response : null;
    }

    JsonNode? IUtf8TaskInvoker.ParseResponse(string target, byte[]? response) => ParseResponse(target, response);

    /// <summary>Parses a function's response as the result node.</summary>
    private static JsonNode? ParseResponse(string name, byte[]? response)
    {
        try
        {
            return response is { Length: > 0 } bytes ? JsonValues.Parse(bytes) : null;
        }
        catch (JsonException e)
        {
            throw new StatesException("Lambda.InvalidResponse", $"Function {name} returned a response that is not JSON: {e.Message}");
        }
    }

    private async ValueTask<byte[]?> CallAsync(string name, byte[] payload, CancellationToken cancellationToken)
    {
        (byte[]? Response, (string ErrorType, string ErrorMessage)? Error) outcome;
        try
        {
            outcome = await invoke(name, payload, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new StatesException("Lambda.SdkClientException", $"Unable to invoke function {name}: {e.Message}");
        }

        if (outcome.Error is { } error)
        {
            var errorType = string.IsNullOrEmpty(error.ErrorType) ? "Lambda.Unknown" : error.ErrorType;
            var cause = new JsonObject { ["errorMessage"] = error.ErrorMessage, ["errorType"] = errorType, ["stackTrace"] = new JsonArray() };
            throw new StatesException(errorType, cause.ToJsonString());
        }

        return outcome.Response;
    }

    /// <summary>The function name from a name, a partial ARN or a full ARN (with or without a qualifier).</summary>
    internal static string FunctionName(string nameOrArn)
    {
        var marker = nameOrArn.IndexOf(":function:", StringComparison.Ordinal);
        if (marker < 0)
        {
            return nameOrArn;
        }

        var rest = nameOrArn[(marker + ":function:".Length)..];
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? rest : rest[..colon];
    }
}
