using System.Text.Json.Serialization;

namespace Fulfilment.Lambda.Events;

/// <summary>An SQS event source mapping batch; mirrors <c>Amazon.Lambda.SQSEvents.SQSEvent</c> and its JSON.</summary>
public sealed class SQSEvent
{
    /// <summary>The messages of the batch.</summary>
    [JsonPropertyName("Records")]
    public IList<SQSMessage> Records { get; init; } = [];

    /// <summary>One SQS message as Lambda delivers it.</summary>
    public sealed class SQSMessage
    {
        /// <summary>The SQS message id; the <c>itemIdentifier</c> of a partial batch failure.</summary>
        [JsonPropertyName("messageId")]
        public string MessageId { get; set; } = string.Empty;

        /// <summary>The receipt handle of this receive.</summary>
        [JsonPropertyName("receiptHandle")]
        public string ReceiptHandle { get; set; } = string.Empty;

        /// <summary>The message body.</summary>
        [JsonPropertyName("body")]
        public string Body { get; set; } = string.Empty;

        /// <summary>MD5 of the body.</summary>
        [JsonPropertyName("md5OfBody")]
        public string? Md5OfBody { get; set; }

        /// <summary>MD5 of the message attributes, when there are any.</summary>
        [JsonPropertyName("md5OfMessageAttributes")]
        public string? Md5OfMessageAttributes { get; set; }

        /// <summary>System attributes such as <c>ApproximateReceiveCount</c>, <c>SentTimestamp</c>.</summary>
        [JsonPropertyName("attributes")]
        public IDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>User message attributes.</summary>
        [JsonPropertyName("messageAttributes")]
        public IDictionary<string, MessageAttribute> MessageAttributes { get; init; } = new Dictionary<string, MessageAttribute>(StringComparer.Ordinal);

        /// <summary>Always <c>aws:sqs</c>.</summary>
        [JsonPropertyName("eventSource")]
        public string? EventSource { get; set; }

        /// <summary>The queue ARN.</summary>
        [JsonPropertyName("eventSourceARN")]
        public string? EventSourceArn { get; set; }

        /// <summary>The queue's region.</summary>
        [JsonPropertyName("awsRegion")]
        public string? AwsRegion { get; set; }
    }

    /// <summary>One user message attribute.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "Mirrors Amazon.Lambda.SQSEvents.SQSEvent.MessageAttribute so the official package can replace ours.")]
    public sealed class MessageAttribute
    {
        /// <summary><c>String</c>, <c>Number</c> or <c>Binary</c>, optionally with a custom suffix.</summary>
        [JsonPropertyName("dataType")]
        public string? DataType { get; set; }

        /// <summary>The value of a String or Number attribute.</summary>
        [JsonPropertyName("stringValue")]
        public string? StringValue { get; set; }

        /// <summary>The value of a Binary attribute (base64 in JSON).</summary>
        [JsonPropertyName("binaryValue")]
        public byte[]? BinaryValue { get; set; }

        /// <summary>Reserved by SQS; always empty.</summary>
        [JsonPropertyName("stringListValues")]
        public IList<string> StringListValues { get; init; } = [];

        /// <summary>Reserved by SQS; always empty.</summary>
        [JsonPropertyName("binaryListValues")]
        public IList<byte[]> BinaryListValues { get; init; } = [];
    }
}

/// <summary>Partial batch response: the messages to retry; mirrors <c>Amazon.Lambda.SQSEvents.SQSBatchResponse</c>.</summary>
public sealed class SQSBatchResponse
{
    /// <summary>Creates an empty response (every message succeeded).</summary>
    public SQSBatchResponse()
    {
    }

    /// <summary>Creates a response that fails the given items.</summary>
    public SQSBatchResponse(IList<BatchItemFailure> batchItemFailures) => BatchItemFailures = batchItemFailures;

    /// <summary>The messages that failed; SQS makes them visible again. Empty means the whole batch succeeded.</summary>
    [JsonPropertyName("batchItemFailures")]
    public IList<BatchItemFailure> BatchItemFailures { get; init; } = [];

    /// <summary>One failed message.</summary>
    public sealed class BatchItemFailure
    {
        /// <summary>The <c>messageId</c> of the failed message.</summary>
        [JsonPropertyName("itemIdentifier")]
        public string ItemIdentifier { get; set; } = string.Empty;
    }
}
