using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace Fulfilment.Local.Edge.Dispatch;

/// <summary>
/// <c>AmazonSSM.GetParameter</c> for the one kind of parameter the services read: Parameter Store's reference to a
/// Secrets Manager secret (<c>/aws/reference/secretsmanager/&lt;secret-name&gt;</c>), answered from the secrets the host
/// gives the edge, with the shapes and errors AWS documents for it. Anything else is not served.
/// </summary>
internal sealed class ParameterStoreOperations(IReadOnlyDictionary<string, string> secrets, string region)
{
    private const string ReferencePrefix = "/aws/reference/secretsmanager/";
    private const string ContentType = "application/x-amz-json-1.1";

    public async Task HandleAsync(HttpContext context, string operation, byte[] body)
    {
        if (operation != "GetParameter")
        {
            await AwsErrorResponse.WriteAsync(context, 400, "UnknownOperationException", $"The local edge serves only AmazonSSM.GetParameter (of {ReferencePrefix}<secret-name>), not {operation}.");
            return;
        }

        GetParameterRequest? request;
        try
        {
            request = JsonSerializer.Deserialize(body.Length == 0 ? "{}"u8 : body, ParameterStoreJsonContext.Default.GetParameterRequest);
        }
        catch (JsonException ex)
        {
            await AwsErrorResponse.WriteAsync(context, 400, "SerializationException", $"Cannot deserialize the request: {ex.Message}");
            return;
        }

        var name = request?.Name;
        if (string.IsNullOrEmpty(name))
        {
            await AwsErrorResponse.WriteAsync(context, 400, "ValidationException", "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null");
            return;
        }

        if (!name.StartsWith(ReferencePrefix, StringComparison.Ordinal))
        {
            await AwsErrorResponse.WriteAsync(context, 400, "ParameterNotFound", $"The local edge keeps no parameter '{name}': it serves only {ReferencePrefix}<secret-name>.");
            return;
        }

        if (request!.WithDecryption != true)
        {
            // Parameter Store refuses to return a Secrets Manager reference without decryption (a ValidationException).
            await AwsErrorResponse.WriteAsync(context, 400, "ValidationException", "WithDecryption flag must be True for retrieving a Secret Manager secret.");
            return;
        }

        var secretName = name[ReferencePrefix.Length..];
        if (!secrets.TryGetValue(secretName, out var value))
        {
            await AwsErrorResponse.WriteAsync(context, 400, "ParameterNotFound", $"Secrets Manager can't find the specified secret '{secretName}' (the local stack knows: {string.Join(", ", secrets.Keys.Order(StringComparer.Ordinal))}).");
            return;
        }

        var response = new GetParameterResponse(new Parameter(
            name, "SecureString", value, 0, $"arn:aws:ssm:{region}:000000000000:parameter{name}", "text"));
        await AwsErrorResponse.WriteJsonAsync(context, JsonSerializer.SerializeToUtf8Bytes(response, ParameterStoreJsonContext.Default.GetParameterResponse), ContentType);
    }
}

internal sealed record GetParameterRequest(string? Name, bool? WithDecryption);

internal sealed record GetParameterResponse(Parameter Parameter);

internal sealed record Parameter(string Name, string Type, string Value, long Version, [property: JsonPropertyName("ARN")] string Arn, string DataType);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.Unspecified)]
[JsonSerializable(typeof(GetParameterRequest))]
[JsonSerializable(typeof(GetParameterResponse))]
internal sealed partial class ParameterStoreJsonContext : JsonSerializerContext;
