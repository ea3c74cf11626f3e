using System.Text;
using Amazon.SQS.Model;
using Fulfilment.Local.Lambda.Sqs;
using Shouldly;

namespace Fulfilment.Local.Lambda.Tests;

/// <summary>Lambda's documented rules for reading a partial batch response.</summary>
public sealed class BatchItemFailuresTests
{
    private static readonly List<Message> Batch = [new() { MessageId = "m1" }, new() { MessageId = "m2" }];

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("""{"batchItemFailures":null}""")]
    [InlineData("""{"batchItemFailures":[]}""")]
    public void Parse_WhenResponseReportsNoFailure_ShouldTreatTheBatchAsSuccess(string? response) =>
        BatchItemFailures.Parse(Bytes(response), Batch).ShouldBeEmpty();

    [Fact]
    public void Parse_WhenResponseListsAMessage_ShouldKeepOnlyThatMessage() =>
        BatchItemFailures.Parse(Bytes("""{"batchItemFailures":[{"itemIdentifier":"m2"}]}"""), Batch).ShouldBe(["m2"]);

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"batchItemFailures":[{"itemIdentifier":""}]}""")]
    [InlineData("""{"batchItemFailures":[{"itemIdentifier":null}]}""")]
    [InlineData("""{"batchItemFailures":[{"itemId":"m1"}]}""")]
    [InlineData("""{"batchItemFailures":[{"itemIdentifier":"unknown"}]}""")]
    public void Parse_WhenResponseIsInvalid_ShouldTreatTheBatchAsFailed(string response) =>
        BatchItemFailures.Parse(Bytes(response), Batch).ShouldBeNull();

    private static byte[]? Bytes(string? text) => text is null ? null : Encoding.UTF8.GetBytes(text);
}
