using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Fulfilment.Lambda.Tracing;

namespace Fulfilment.Lambda.Internal;

/// <summary>One registered handler with its serializers: bytes in, JSON written to a writer, or a <see cref="LambdaError"/>.</summary>
internal abstract class LambdaHandler
{
    /// <summary>Deserializes, runs and serializes; returns null on success (the response is in <paramref name="output"/>).</summary>
    public abstract Task<LambdaError?> InvokeAsync(ReadOnlyMemory<byte> payload, ILambdaContext context, Utf8JsonWriter output, CancellationToken ct);
}

/// <summary>A typed handler.</summary>
internal sealed class LambdaHandler<TRequest, TResponse>(
    string name,
    JsonTypeInfo<TRequest> request,
    JsonTypeInfo<TResponse> response,
    Func<TRequest, ILambdaContext, CancellationToken, Task<TResponse>> handler) : LambdaHandler
{
    // One source for the whole process, as ActivitySource is meant to be used: it holds no per-invocation state.
    private static readonly ActivitySource Source = new(InvocationTrace.SourceName);

    public override async Task<LambdaError?> InvokeAsync(ReadOnlyMemory<byte> payload, ILambdaContext context, Utf8JsonWriter output, CancellationToken ct)
    {
        // A step payload (orderId, traceparent) continues its order's trace; the span is Activity.Current for the handler,
        // and the handler's logger stamps correlationId, traceId and spanId on every line.
        var trace = InvocationTrace.Read(payload.Span);
        using var activity = trace.Start(Source, name, context);
        if (activity is not null || trace.CorrelationId is not null)
        {
            context = new TracedLambdaContext(context, new TracingLambdaLogger(context.Logger, trace.CorrelationId));
        }

        var error = await InvokeCoreAsync(payload, context, output, ct);
        if (error is not null && activity is not null)
        {
            TraceSpans.Fail(activity, error.ErrorType, error.ErrorMessage);
        }

        return error;
    }

    private async Task<LambdaError?> InvokeCoreAsync(ReadOnlyMemory<byte> payload, ILambdaContext context, Utf8JsonWriter output, CancellationToken ct)
    {
        TRequest? input;
        try
        {
            input = JsonSerializer.Deserialize(payload.Span, request);
        }
        catch (JsonException ex)
        {
            return LambdaErrors.InvalidInput($"The payload is not a valid {typeof(TRequest).Name}: {ex.Message}", ex);
        }

        if (input is null)
        {
            return LambdaErrors.InvalidInput($"The payload is null; a {typeof(TRequest).Name} is required.", null);
        }

        TResponse result;
        try
        {
            result = await handler(input, context, ct);
        }
#pragma warning disable CA1031 // The runtime's job: every handler failure becomes an error post, never a crash of the loop.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return LambdaErrors.FromException(ex, context, ct);
        }

        try
        {
            JsonSerializer.Serialize(output, result, response);
            output.Flush();
            return null;
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            return LambdaErrors.FromException(ex, context, ct);
        }
    }
}
