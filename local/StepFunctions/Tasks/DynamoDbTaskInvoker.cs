using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using System.Text.Json.Nodes;
using Fulfilment.Local.StepFunctions.Execution;
using Fulfilment.Local.StepFunctions.Json;

namespace Fulfilment.Local.StepFunctions.Tasks;

/// <summary>
/// <c>arn:aws:states:::dynamodb:getItem|putItem|updateItem|deleteItem</c> over the AWS SDK. Parameters and results use the
/// DynamoDB JSON shapes (<c>{"S": "x"}</c>, ...); AWS errors become <c>DynamoDB.&lt;ErrorCode&gt;</c>, e.g.
/// <c>DynamoDB.ConditionalCheckFailedException</c>.
/// </summary>
public sealed class DynamoDbTaskInvoker(IAmazonDynamoDB client) : ITaskInvoker
{
    private const string Prefix = "arn:aws:states:::dynamodb:";

    /// <inheritdoc />
    public bool CanInvoke(string resource) =>
        resource is Prefix + "getItem" or Prefix + "putItem" or Prefix + "updateItem" or Prefix + "deleteItem";

    /// <inheritdoc />
    public async Task<JsonNode?> InvokeAsync(TaskInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var p = invocation.Parameters as JsonObject ?? throw new StatesException("DynamoDB.ValidationException", "DynamoDB tasks need Parameters.");
        try
        {
            switch (invocation.Resource[Prefix.Length..])
            {
                case "getItem":
                {
                    var response = await client.GetItemAsync(
                        new GetItemRequest
                        {
                            TableName = Str(p, "TableName"), Key = AttributeValues.ToMap(p["Key"]),
                            ConsistentRead = p["ConsistentRead"] is { } cr && cr.GetValue<bool>(),
                            ProjectionExpression = OptStr(p, "ProjectionExpression"),
                            ExpressionAttributeNames = Names(p),
                        },
                        cancellationToken);
                    return Result("Item", response.Item);
                }

                case "putItem":
                {
                    var response = await client.PutItemAsync(
                        new PutItemRequest
                        {
                            TableName = Str(p, "TableName"), Item = AttributeValues.ToMap(p["Item"]),
                            ConditionExpression = OptStr(p, "ConditionExpression"), ExpressionAttributeNames = Names(p),
                            ExpressionAttributeValues = Values(p), ReturnValues = Return(p),
                        },
                        cancellationToken);
                    return Result("Attributes", response.Attributes);
                }

                case "updateItem":
                {
                    var response = await client.UpdateItemAsync(
                        new UpdateItemRequest
                        {
                            TableName = Str(p, "TableName"), Key = AttributeValues.ToMap(p["Key"]),
                            UpdateExpression = OptStr(p, "UpdateExpression"), ConditionExpression = OptStr(p, "ConditionExpression"),
                            ExpressionAttributeNames = Names(p), ExpressionAttributeValues = Values(p), ReturnValues = Return(p),
                        },
                        cancellationToken);
                    return Result("Attributes", response.Attributes);
                }

                default:
                {
                    var response = await client.DeleteItemAsync(
                        new DeleteItemRequest
                        {
                            TableName = Str(p, "TableName"), Key = AttributeValues.ToMap(p["Key"]),
                            ConditionExpression = OptStr(p, "ConditionExpression"), ExpressionAttributeNames = Names(p),
                            ExpressionAttributeValues = Values(p), ReturnValues = Return(p),
                        },
                        cancellationToken);
                    return Result("Attributes", response.Attributes);
                }
            }
        }
        catch (AmazonServiceException e)
        {
            var code = string.IsNullOrEmpty(e.ErrorCode) ? "AmazonDynamoDBException" : e.ErrorCode;
            throw new StatesException(
                "DynamoDB." + code,
                $"{e.Message} (Service: AmazonDynamoDBv2; Status Code: {(int)e.StatusCode}; Error Code: {code}; Request ID: {e.RequestId}; Proxy: null)");
        }
        catch (AmazonClientException e)
        {
            throw new StatesException("DynamoDB.SdkClientException", e.Message);
        }
    }

    private static JsonObject Result(string member, Dictionary<string, AttributeValue>? map)
    {
        var result = new JsonObject();
        if (map is { Count: > 0 })
        {
            result[member] = AttributeValues.FromMap(map);
        }

        return result;
    }

    private static string Str(JsonObject p, string field) =>
        JsonValues.TryGetString(p[field], out var s) ? s : throw new StatesException("DynamoDB.ValidationException", $"Parameter '{field}' must be a string.");

    private static string? OptStr(JsonObject p, string field) => JsonValues.TryGetString(p[field], out var s) ? s : null;

    private static Dictionary<string, string>? Names(JsonObject p) =>
        p["ExpressionAttributeNames"] is JsonObject names ? names.ToDictionary(n => n.Key, n => n.Value?.GetValue<string>() ?? string.Empty, StringComparer.Ordinal) : null;

    private static Dictionary<string, AttributeValue>? Values(JsonObject p) =>
        p["ExpressionAttributeValues"] is { } values ? AttributeValues.ToMap(values) : null;

    private static ReturnValue? Return(JsonObject p) => OptStr(p, "ReturnValues") is { } r ? ReturnValue.FindValue(r) : null;
}
