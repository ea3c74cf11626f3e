using System.Text.Json.Serialization;

namespace Fulfilment.Lambda.Events;

/// <summary>Source-generated serializers for the event shapes (AOT-safe); property names come from the attributes.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, PropertyNameCaseInsensitive = false)]
[JsonSerializable(typeof(SQSEvent))]
[JsonSerializable(typeof(SQSBatchResponse))]
[JsonSerializable(typeof(APIGatewayProxyRequest))]
[JsonSerializable(typeof(APIGatewayProxyResponse))]
public sealed partial class LambdaEventsJsonContext : JsonSerializerContext
{
}
