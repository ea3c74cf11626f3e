using System.Text.Json;
using Fulfilment.Lambda.Events;
using Shouldly;

namespace Fulfilment.Lambda.Tests;

/// <summary>The event shapes read and write the JSON AWS sends (samples from the Lambda developer guide).</summary>
public sealed class LambdaEventsJsonTests
{
    private const string SqsSample = """
        {
          "Records": [
            {
              "messageId": "059f36b4-87a3-44ab-83d2-661975830a7d",
              "receiptHandle": "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a...",
              "body": "{\"orderId\":\"01J\"}",
              "attributes": {
                "ApproximateReceiveCount": "1",
                "SentTimestamp": "1545082649183",
                "SenderId": "AIDAIENQZJOLO23YVJ4VO",
                "ApproximateFirstReceiveTimestamp": "1545082649185"
              },
              "messageAttributes": {
                "correlationId": { "stringValue": "c-1", "stringListValues": [], "binaryListValues": [], "dataType": "String" }
              },
              "md5OfBody": "e4e68fb7bd0e697a0ae8f1bb342846b3",
              "eventSource": "aws:sqs",
              "eventSourceARN": "arn:aws:sqs:us-east-2:123456789012:my-queue",
              "awsRegion": "us-east-2"
            }
          ]
        }
        """;

    private const string ApiGatewaySample = """
        {
          "resource": "/orders/{orderId}",
          "path": "/orders/01J",
          "httpMethod": "GET",
          "headers": { "x-api-key": "k" },
          "multiValueHeaders": { "x-api-key": ["k"] },
          "queryStringParameters": null,
          "pathParameters": { "orderId": "01J" },
          "requestContext": { "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef", "stage": "prod", "identity": { "sourceIp": "127.0.0.1" } },
          "body": null,
          "isBase64Encoded": false
        }
        """;

    [Fact]
    public void SQSEvent_WhenDeserialized_ShouldReadEveryFieldAwsSends()
    {
        var message = JsonSerializer.Deserialize(SqsSample, LambdaEventsJsonContext.Default.SQSEvent)!.Records.Single();

        (message.MessageId, message.Body, message.EventSourceArn, message.AwsRegion, message.Attributes["ApproximateReceiveCount"], message.MessageAttributes["correlationId"].StringValue)
            .ShouldBe(("059f36b4-87a3-44ab-83d2-661975830a7d", """{"orderId":"01J"}""", "arn:aws:sqs:us-east-2:123456789012:my-queue", "us-east-2", "1", "c-1"));
    }

    [Fact]
    public void SQSBatchResponse_WhenSerialized_ShouldUseTheAwsPropertyNames()
    {
        var response = new SQSBatchResponse([new SQSBatchResponse.BatchItemFailure { ItemIdentifier = "m-1" }]);

        JsonSerializer.Serialize(response, LambdaEventsJsonContext.Default.SQSBatchResponse)
            .ShouldBe("""{"batchItemFailures":[{"itemIdentifier":"m-1"}]}""");
    }

    [Fact]
    public void APIGatewayProxyRequest_WhenDeserialized_ShouldReadPathParametersAndRequestContext()
    {
        var request = JsonSerializer.Deserialize(ApiGatewaySample, LambdaEventsJsonContext.Default.APIGatewayProxyRequest)!;

        (request.HttpMethod, request.PathParameters?["orderId"], request.RequestContext?.RequestId, request.RequestContext?.Identity?.SourceIp)
            .ShouldBe(("GET", "01J", "c6af9ac6-7b61-11e6-9a41-93e8deadbeef", "127.0.0.1"));
    }

    [Fact]
    public void APIGatewayProxyResponse_WhenSerialized_ShouldUseTheAwsPropertyNames()
    {
        var response = new APIGatewayProxyResponse { StatusCode = 202, Headers = new Dictionary<string, string> { ["content-type"] = "application/json" }, Body = "{}" };

        JsonSerializer.Serialize(response, LambdaEventsJsonContext.Default.APIGatewayProxyResponse)
            .ShouldBe("""{"statusCode":202,"headers":{"content-type":"application/json"},"body":"{}","isBase64Encoded":false}""");
    }
}
