using Amazon.CDK.Assertions;

using Fulfilment.Cdk.Components;

namespace Fulfilment.Cdk.Tests;

[Collection(CdkCollection.Name)]
public sealed class OrderIntakeTests(SynthesizedApp app)
{
    [Fact]
    public void Queue_WhenSynthesized_ShouldMoveMessagesToTheDlqAfterThreeReceives()
    {
        var queue = app.ProdJson.IdWhere("AWS::SQS::Queue", "QueueName", Catalogue.QueueName);
        var dlq = app.ProdJson.IdWhere("AWS::SQS::Queue", "QueueName", Catalogue.DeadLetterQueueName);
        var redrive = app.ProdJson["Resources"]![queue]!["Properties"]!["RedrivePolicy"]!;
        Assert.Equal((3, dlq), ((int)redrive["maxReceiveCount"]!, (string)redrive["deadLetterTargetArn"]!["Fn::GetAtt"]![0]!));
    }

    [Fact]
    public void Queue_WhenSynthesized_ShouldHideMessagesForAtLeastSixIntakeTimeouts()
    {
        var queue = app.ProdJson.IdWhere("AWS::SQS::Queue", "QueueName", Catalogue.QueueName);
        var visibility = (int)app.ProdJson["Resources"]![queue]!["Properties"]!["VisibilityTimeout"]!;
        Assert.True(visibility >= 6 * Catalogue.OrderIntake.Timeout.TotalSeconds, $"visibility {visibility} s < 6 x {Catalogue.OrderIntake.Timeout.TotalSeconds} s");
    }

    [Fact]
    public void Queues_WhenSynthesized_ShouldUseServerSideEncryption()
    {
        app.ProdTemplate.AllResourcesProperties("AWS::SQS::Queue", Match.ObjectLike(new Dictionary<string, object> { ["SqsManagedSseEnabled"] = true }));
    }

    [Fact]
    public void IntakeEventSource_WhenSynthesized_ShouldReportBatchItemFailuresWithBatchAndWindow()
    {
        app.ProdTemplate.HasResourceProperties("AWS::Lambda::EventSourceMapping", new Dictionary<string, object>
        {
            ["FunctionName"] = new Dictionary<string, object> { ["Ref"] = app.ProdJson.FunctionId(Catalogue.OrderIntake.Name) },
            ["FunctionResponseTypes"] = new[] { "ReportBatchItemFailures" },
            ["BatchSize"] = OrderIntake.BatchSize,
            ["MaximumBatchingWindowInSeconds"] = 1,
            ["ScalingConfig"] = new Dictionary<string, object> { ["MaximumConcurrency"] = app.ProdProps.IntakeMaxConcurrency },
        });
    }
}
