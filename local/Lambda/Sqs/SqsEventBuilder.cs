using Amazon.SQS.Model;
using Fulfilment.Lambda.Events;

namespace Fulfilment.Local.Lambda.Sqs;

/// <summary>Builds the <see cref="SQSEvent"/> Lambda delivers from received SQS messages.</summary>
internal static class SqsEventBuilder
{
    public static SQSEvent Build(IReadOnlyList<Message> messages, string queueArn, string region)
    {
        var records = new List<SQSEvent.SQSMessage>(messages.Count);
        foreach (var message in messages)
        {
            var record = new SQSEvent.SQSMessage
            {
                MessageId = message.MessageId,
                ReceiptHandle = message.ReceiptHandle,
                Body = message.Body ?? string.Empty,
                Md5OfBody = message.MD5OfBody,
                Md5OfMessageAttributes = message.MD5OfMessageAttributes,
                EventSource = "aws:sqs",
                EventSourceArn = queueArn,
                AwsRegion = region,
            };
            foreach (var (name, value) in message.Attributes ?? [])
            {
                record.Attributes[name] = value;
            }

            foreach (var (name, value) in message.MessageAttributes ?? [])
            {
                record.MessageAttributes[name] = new SQSEvent.MessageAttribute
                {
                    DataType = value.DataType,
                    StringValue = value.StringValue,
                    BinaryValue = value.BinaryValue?.ToArray(),
                };
            }

            records.Add(record);
        }

        return new SQSEvent { Records = records };
    }

    /// <summary>The region of an ARN (<c>arn:aws:sqs:REGION:ACCOUNT:NAME</c>).</summary>
    public static string RegionOf(string arn)
    {
        var parts = arn.Split(':');
        return parts.Length > 3 && parts[3].Length > 0 ? parts[3] : "us-east-1";
    }
}
