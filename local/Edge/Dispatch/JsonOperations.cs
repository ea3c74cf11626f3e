using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Fulfilment.Local.Edge.Dispatch;

/// <summary>A table of JSON-protocol operations: each reads its request type, calls the backend, writes its response type.</summary>
internal sealed class JsonOperations
{
    private readonly Dictionary<string, Func<byte[], CancellationToken, Task<byte[]>>> _operations = new(StringComparer.Ordinal);

    public JsonOperations Add<TRequest, TResponse>(
        string operation, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, Func<TRequest, CancellationToken, Task<TResponse>> handler)
    {
        _operations[operation] = async (body, ct) =>
        {
            TRequest request;
            try
            {
                request = JsonSerializer.Deserialize(body.Length == 0 ? "{}"u8 : body, requestType)
                    ?? throw new EdgeSerializationException("The request body must be a JSON object.");
            }
            catch (JsonException ex)
            {
                throw new EdgeSerializationException($"Cannot deserialize the request: {ex.Message}");
            }

            var response = await handler(request, ct);
            return JsonSerializer.SerializeToUtf8Bytes(response, responseType);
        };
        return this;
    }

    public bool TryGet(string operation, out Func<byte[], CancellationToken, Task<byte[]>> handler) =>
        _operations.TryGetValue(operation, out handler!);
}

/// <summary>The request body is not the JSON the operation expects (AWS <c>SerializationException</c>).</summary>
internal sealed class EdgeSerializationException : Exception
{
    public EdgeSerializationException()
    {
    }

    public EdgeSerializationException(string message)
        : base(message)
    {
    }

    public EdgeSerializationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
