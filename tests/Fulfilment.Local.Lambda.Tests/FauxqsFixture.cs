using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Fulfilment.Emulators;

namespace Fulfilment.Local.Lambda.Tests;

/// <summary>One fauxqs SQS emulator on a free loopback port for the event source mapping tests.</summary>
public sealed class FauxqsFixture : IAsyncLifetime
{
    private Fauxqs? _fauxqs;

    public Uri Endpoint => _fauxqs!.ServiceUrl;

    public AmazonSQSClient Sqs { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _fauxqs = await Fauxqs.StartAsync(startupTimeout: TimeSpan.FromSeconds(60));
        Sqs = new AmazonSQSClient(new BasicAWSCredentials("local", "local"), new AmazonSQSConfig { ServiceURL = Endpoint.ToString(), AuthenticationRegion = "us-east-1" });
    }

    public async Task DisposeAsync()
    {
        Sqs?.Dispose();
        if (_fauxqs is not null)
        {
            await _fauxqs.DisposeAsync();
        }
    }

    /// <summary>A fresh queue (unique name) with a short visibility timeout, and a DLQ after <paramref name="maxReceiveCount"/> when given.</summary>
    public async Task<(string QueueUrl, string? DlqUrl)> CreateQueueAsync(int visibilityTimeoutSeconds = 1, int? maxReceiveCount = null)
    {
        var name = "esm-" + Guid.NewGuid().ToString("N")[..12];
        var attributes = new Dictionary<string, string> { ["VisibilityTimeout"] = visibilityTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        string? dlqUrl = null;
        if (maxReceiveCount is { } max)
        {
            dlqUrl = (await Sqs.CreateQueueAsync(name + "-dlq")).QueueUrl;
            var dlqArn = (await Sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = dlqUrl, AttributeNames = ["QueueArn"] })).QueueARN;
            attributes["RedrivePolicy"] = $$"""{"deadLetterTargetArn":"{{dlqArn}}","maxReceiveCount":"{{max}}"}""";
        }

        var queueUrl = (await Sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = name, Attributes = attributes })).QueueUrl;
        return (queueUrl, dlqUrl);
    }

    public async Task SendAsync(string queueUrl, params string[] bodies)
    {
        foreach (var body in bodies)
        {
            await Sqs.SendMessageAsync(new SendMessageRequest
            {
                QueueUrl = queueUrl,
                MessageBody = body,
                MessageAttributes = new Dictionary<string, MessageAttributeValue>
                {
                    ["correlationId"] = new() { DataType = "String", StringValue = "corr-" + body },
                },
            });
        }
    }

    /// <summary>Visible plus in-flight messages (what is still on the queue).</summary>
    public async Task<int> CountAsync(string queueUrl)
    {
        var attributes = await Sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = queueUrl,
            AttributeNames = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        });
        return attributes.ApproximateNumberOfMessages + attributes.ApproximateNumberOfMessagesNotVisible;
    }

    /// <summary>Receives (and deletes) every message that becomes visible until <paramref name="expected"/> are seen or the deadline passes.</summary>
    public async Task<List<string>> DrainAsync(string queueUrl, int expected)
    {
        var bodies = new List<string>();
        var deadline = DateTime.UtcNow + TestSupport.Deadline;
        while (bodies.Count < expected && DateTime.UtcNow < deadline)
        {
            var response = await Sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = 1 });
            foreach (var message in response.Messages ?? [])
            {
                bodies.Add(message.Body);
                await Sqs.DeleteMessageAsync(queueUrl, message.ReceiptHandle);
            }
        }

        return bodies;
    }
}
