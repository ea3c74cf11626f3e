using System.Net.Http.Headers;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Fulfilment.Emulators;
using Fulfilment.Lambda;
using Fulfilment.Lambda.Events;
using Fulfilment.Order;
using Fulfilment.Testing;

namespace Fulfilment.Local.Api.Tests;

/// <summary>
/// The API on a free loopback port in front of the real SQS emulator (fauxqs) and, for GET, the real order
/// <c>status</c> handler invoked through the Lambda handler registry against DynamoDB Local.
/// </summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public const string ApiKey = "test-key";
    public const string TinyPlanKey = "tiny-plan-key";

    private readonly DynamoDbLocalFixture _dynamo = new();
    private Fauxqs? _fauxqs;
    private ApiServer? _server;

    public HttpClient Http { get; private set; } = null!;

    public AmazonSQSClient Sqs { get; private set; } = null!;

    public string QueueUrl { get; private set; } = string.Empty;

    public OrderRepository Orders { get; private set; } = null!;

    /// <summary>The order service's intake handler, as the queue's event source mapping would call it.</summary>
    public OrderIntakeService Intake { get; private set; } = null!;

    public bool Healthy { get; set; } = true;

    public async Task InitializeAsync()
    {
        await _dynamo.InitializeAsync();
        _fauxqs = await Fauxqs.StartAsync();
        Sqs = new AmazonSQSClient(new BasicAWSCredentials("local", "local"), new AmazonSQSConfig { ServiceURL = _fauxqs.ServiceUrl.ToString(), AuthenticationRegion = "us-east-1" });
        QueueUrl = (await Sqs.CreateQueueAsync("fulfilment-new-orders")).QueueUrl;

        Orders = new OrderRepository(_dynamo.Client, _dynamo.OrdersTable, TimeProvider.System);
        Intake = new OrderIntakeService(Orders, new NoWorkflow());
        var registry = OrderFunction.Register(new LambdaHandlerRegistry(), Intake, new OrderStatusFunction(Orders));
        var options = new ApiOptions
        {
            QueueUrl = QueueUrl,
            ApiKeys = new Dictionary<string, UsagePlan>(StringComparer.Ordinal)
            {
                [ApiKey] = new(1000, 1000),
                [TinyPlanKey] = new(1, 2),
            },
        };
        _server = await ApiServer.StartAsync(0, options, Sqs, (request, ct) => InvokeStatusAsync(registry, request, ct), _ => Task.FromResult<IReadOnlyList<ComponentHealth>>([new("sqs", true), new("workflow", Healthy, Healthy ? null : "engine not started")]), CancellationToken.None);
        Http = new HttpClient { BaseAddress = _server.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Sqs.Dispose();
        if (_fauxqs is not null)
        {
            await _fauxqs.DisposeAsync();
        }

        await _dynamo.DisposeAsync();
    }

    public HttpRequestMessage Post(string body, string? idempotencyKey, string? apiKey = ApiKey, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = new StringContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (apiKey is not null)
        {
            request.Headers.Add("x-api-key", apiKey);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return request;
    }

    public async Task<List<Message>> DrainAsync()
    {
        var all = new List<Message>();
        while (true)
        {
            var batch = await Sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = QueueUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = 0, MessageAttributeNames = ["All"] });
            if (batch.Messages is not { Count: > 0 })
            {
                return all;
            }

            all.AddRange(batch.Messages);
            await Sqs.DeleteMessageBatchAsync(QueueUrl, [.. batch.Messages.Select((m, i) => new DeleteMessageBatchRequestEntry(i.ToString(System.Globalization.CultureInfo.InvariantCulture), m.ReceiptHandle))]);
        }
    }

    /// <summary>Hands queued messages to intake, as the SQS event source mapping does; returns the ids it failed.</summary>
    public async Task<IReadOnlyList<string>> DeliverAsync(IEnumerable<Message> messages)
    {
        var batch = new SQSEvent
        {
            Records =
            [
                .. messages.Select(m => new SQSEvent.SQSMessage
                {
                    MessageId = m.MessageId,
                    Body = m.Body,
                    EventSource = "aws:sqs",
                    MessageAttributes = m.MessageAttributes.ToDictionary(a => a.Key, a => new SQSEvent.MessageAttribute { DataType = a.Value.DataType, StringValue = a.Value.StringValue }, StringComparer.Ordinal),
                }),
            ],
        };
        var response = await Intake.HandleAsync(batch, new LambdaContext { AwsRequestId = Guid.NewGuid().ToString(), FunctionName = "order-intake" }, CancellationToken.None);
        return [.. response.BatchItemFailures.Select(f => f.ItemIdentifier)];
    }

    private static async Task<APIGatewayProxyResponse> InvokeStatusAsync(LambdaHandlerRegistry registry, APIGatewayProxyRequest request, CancellationToken ct)
    {
        var payload = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(request, LambdaEventsJsonContext.Default.APIGatewayProxyRequest);
        var result = await registry.InvokeAsync("status", payload, new LambdaContext { AwsRequestId = Guid.NewGuid().ToString(), FunctionName = "order-status" }, ct);
        return result.Response is { } bytes
            ? System.Text.Json.JsonSerializer.Deserialize(bytes, LambdaEventsJsonContext.Default.APIGatewayProxyResponse)!
            : new APIGatewayProxyResponse { StatusCode = 502, Body = result.Error!.ErrorMessage };
    }

    private sealed class NoWorkflow : IWorkflowStarter
    {
        public Task<WorkflowStart> StartAsync(string executionName, string input, CancellationToken cancellationToken) =>
            Task.FromResult(new WorkflowStart(null, AlreadyStarted: false));
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}
