using Amazon.CDK.Assertions;

namespace Fulfilment.Cdk.Tests;

[Collection(CdkCollection.Name)]
public sealed class MonitoringTests(SynthesizedApp app)
{
    public static TheoryData<string, string> QueueAndWorkflowAlarms => new()
    {
        { "AWS/SQS", "ApproximateNumberOfMessagesVisible" },
        { "AWS/States", "ExecutionsFailed" },
        { "AWS/Events", "TriggeredRules" },
        { "AWS/ApiGateway", "5XXError" },
    };

    [Theory]
    [MemberData(nameof(QueueAndWorkflowAlarms))]
    public void Alarm_WhenSynthesized_ShouldWatchTheMetric(string metricNamespace, string metric)
    {
        app.ProdTemplate.HasResourceProperties("AWS::CloudWatch::Alarm", Match.ObjectLike(new Dictionary<string, object>
        {
            ["Namespace"] = metricNamespace,
            ["MetricName"] = metric,
            ["AlarmActions"] = Match.AnyValue(),
        }));
    }

    [Theory]
    [InlineData("Errors")]
    [InlineData("Throttles")]
    public void LambdaAlarms_WhenSynthesized_ShouldCoverEveryFunction(string metric)
    {
        var count = app.ProdJson.Resources("AWS::CloudWatch::Alarm").Count(a => (string?)a.Resource.Properties()["MetricName"] == metric && (string?)a.Resource.Properties()["Namespace"] == "AWS/Lambda");
        Assert.Equal(Catalogue.All.Count, count);
    }

    [Fact]
    public void CompensationFailedRule_WhenSynthesized_ShouldNotifyTheAlarmTopic()
    {
        app.ProdTemplate.HasResourceProperties("AWS::Events::Rule", Match.ObjectLike(new Dictionary<string, object>
        {
            ["EventPattern"] = Match.ObjectLike(new Dictionary<string, object> { ["detail"] = new Dictionary<string, object> { ["status"] = new[] { "CompensationFailed" } } }),
            ["Targets"] = Match.ArrayWith([Match.ObjectLike(new Dictionary<string, object> { ["Arn"] = new Dictionary<string, object> { ["Ref"] = AlarmTopicId() } })]),
        }));
    }

    [Fact]
    public void AlarmTopic_WhenAnEmailIsGiven_ShouldSubscribeIt()
    {
        app.ProdTemplate.HasResourceProperties("AWS::SNS::Subscription", new Dictionary<string, object>
        {
            ["Protocol"] = "email",
            ["Endpoint"] = app.ProdProps.AlarmEmail!,
        });
    }

    [Fact]
    public void Dashboard_WhenSynthesized_ShouldExist()
    {
        app.ProdTemplate.HasResourceProperties("AWS::CloudWatch::Dashboard", new Dictionary<string, object> { ["DashboardName"] = "fulfilment" });
    }

    private string AlarmTopicId() => app.ProdJson.Resources("AWS::SNS::Topic").Single().Id;
}
