using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Fulfilment.Emulators;
using Fulfilment.Lambda;
using Fulfilment.Lambda.Events;
using Fulfilment.Local.Api;
using Fulfilment.Order;
using Fulfilment.Testing;

namespace Fulfilment.Cdk.Tests.Differential;

/// <summary>
/// The local API as <c>dotnet run --project local</c> starts it, on free loopback ports: in front of the SQS emulator
/// (fauxqs), with the order service's intake and status handlers on DynamoDB Local. A second API sends to a queue that
/// does not exist, which is how a client meets an SQS that refuses the message.
/// </summary>
public sealed class LocalOrdersApi : IAsyncLifetime
{
    public const string ApiKey = "storefront-key";
    public const string TinyPlanKey = "tiny-plan-key";

    private readonly DynamoDbLocalFixture _dynamo = new();
    private Fauxqs? _fauxqs;
    private ApiServer? _server;
    private ApiServer? _noQueueServer;
    private LambdaHandlerRegistry _handlers = null!;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>An API whose queue is gone: every send fails.</summary>
    public HttpClient NoQueueHttp { get; private set; } = null!;

    public AmazonSQSClient Sqs { get; private set; } = null!;

    public string QueueUrl { get; private set; } = string.Empty;

    public OrderIntakeService Intake { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _dynamo.InitializeAsync();
        _fauxqs = await Fauxqs.StartAsync();
        Sqs = new AmazonSQSClient(new BasicAWSCredentials("local", "local"), new AmazonSQSConfig { ServiceURL = _fauxqs.ServiceUrl.ToString(), AuthenticationRegion = "us-east-1" });
        QueueUrl = (await Sqs.CreateQueueAsync("fulfilment-new-orders")).QueueUrl;

        var orders = new OrderRepository(_dynamo.Client, _dynamo.OrdersTable, TimeProvider.System);
        Intake = new OrderIntakeService(orders, new NoWorkflow());
        _handlers = OrderFunction.Register(new LambdaHandlerRegistry(), Intake, new OrderStatusFunction(orders));
        var keys = new Dictionary<string, UsagePlan>(StringComparer.Ordinal) { [ApiKey] = new(1000, 1000), [TinyPlanKey] = new(1, 2) };
        _server = await ApiServer.StartAsync(0, new ApiOptions { QueueUrl = QueueUrl, ApiKeys = keys }, Sqs, InvokeStatusAsync, NoHealthAsync, CancellationToken.None);
        _noQueueServer = await ApiServer.StartAsync(0, new ApiOptions { QueueUrl = QueueUrl + "-gone", ApiKeys = keys }, Sqs, InvokeStatusAsync, NoHealthAsync, CancellationToken.None);
        Http = new HttpClient { BaseAddress = _server.BaseAddress };
        NoQueueHttp = new HttpClient { BaseAddress = _noQueueServer.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        NoQueueHttp?.Dispose();
        foreach (var server in new[] { _server, _noQueueServer })
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }

        Sqs?.Dispose();
        if (_fauxqs is not null)
        {
            await _fauxqs.DisposeAsync();
        }

        await _dynamo.DisposeAsync();
    }

    /// <summary>Every message on the queue, removed from it.</summary>
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

    /// <summary>Hands messages to intake as the queue's event source mapping does; returns the ids intake failed.</summary>
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

    private static Task<IReadOnlyList<ComponentHealth>> NoHealthAsync(CancellationToken ct) => Task.FromResult<IReadOnlyList<ComponentHealth>>([]);

    private async Task<APIGatewayProxyResponse> InvokeStatusAsync(APIGatewayProxyRequest request, CancellationToken ct)
    {
        var payload = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(request, LambdaEventsJsonContext.Default.APIGatewayProxyRequest);
        var result = await _handlers.InvokeAsync("status", payload, new LambdaContext { AwsRequestId = Guid.NewGuid().ToString(), FunctionName = "order-status" }, ct);
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
