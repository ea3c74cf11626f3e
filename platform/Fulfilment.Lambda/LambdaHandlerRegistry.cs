using System.Text.Json.Serialization.Metadata;
using Fulfilment.Lambda.Internal;

namespace Fulfilment.Lambda;

/// <summary>
/// The named handlers of one service executable; <c>_HANDLER</c> picks one at init.
/// Each handler is typed and serialized with a source-generated <see cref="JsonTypeInfo{T}"/> (AOT-safe).
/// </summary>
public sealed class LambdaHandlerRegistry
{
    private readonly Dictionary<string, LambdaHandler> _handlers = new(StringComparer.Ordinal);

    /// <summary>The registered handler names.</summary>
    public IReadOnlyCollection<string> Names => _handlers.Keys;

    /// <summary>Registers <paramref name="handler"/> under <paramref name="name"/> (the value of <c>_HANDLER</c>).</summary>
    public LambdaHandlerRegistry Add<TRequest, TResponse>(
        string name,
        JsonTypeInfo<TRequest> request,
        JsonTypeInfo<TResponse> response,
        Func<TRequest, ILambdaContext, CancellationToken, Task<TResponse>> handler)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(handler);
        if (!_handlers.TryAdd(name, new LambdaHandler<TRequest, TResponse>(name, request, response, handler)))
        {
            throw new ArgumentException($"A handler named '{name}' is already registered.", nameof(name));
        }

        return this;
    }

    /// <summary>
    /// Runs a handler in-process with the same deserialization, serialization and error mapping as the runtime loop
    /// (used by tests and the local stack's in-process mode). Never throws for handler failures: they become <see cref="LambdaError"/>.
    /// </summary>
    public async Task<LambdaInvocationResult> InvokeAsync(string name, ReadOnlyMemory<byte> payload, ILambdaContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var handler = Find(name);
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        await using var writer = new System.Text.Json.Utf8JsonWriter(output);
        var error = await handler.InvokeAsync(payload, context, writer, ct);
        return error is null ? new LambdaInvocationResult(output.WrittenSpan.ToArray(), null) : new LambdaInvocationResult(null, error);
    }

    /// <summary>The handler registered under <paramref name="name"/>, or an exception naming the valid ones.</summary>
    internal LambdaHandler Find(string name) =>
        TryFind(name, out var handler) ? handler : throw new KeyNotFoundException(UnknownHandlerMessage(name));

    internal bool TryFind(string? name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out LambdaHandler? handler)
    {
        handler = null;
        return name is not null && _handlers.TryGetValue(name, out handler);
    }

    internal string UnknownHandlerMessage(string? name) =>
        $"No handler named '{name}'. Set _HANDLER to one of: {string.Join(", ", _handlers.Keys.Order(StringComparer.Ordinal))}.";
}
