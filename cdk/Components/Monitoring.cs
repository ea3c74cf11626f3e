using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.CloudWatch.Actions;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.Events.Targets;
using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.SNS.Subscriptions;
using Constructs;

namespace Fulfilment.Cdk.Components;

/// <summary>The alarms of the runbook (DLQ, failed and CompensationFailed executions, API 5xx, Lambda errors and throttles) and one dashboard.</summary>
public sealed class Monitoring : Construct
{
    private readonly List<Alarm> _alarms = [];

    /// <summary>Creates the alarm topic, the alarms and the dashboard.</summary>
    public Monitoring(Construct scope, string id, FulfilmentStackProps props, OrderIntake intake, OrderWorkflow workflow, OrdersApi api, ServiceFunctions functions, OrderEvents events)
        : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(props);
        ArgumentNullException.ThrowIfNull(intake);
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(functions);
        ArgumentNullException.ThrowIfNull(events);

        Topic = new Topic(this, "AlarmTopic", new TopicProps
        {
            TopicName = props.Name("fulfilment-alarms"),
            DisplayName = "Fulfilment alarms (" + props.Stage + ")",
            EnforceSSL = true,
        });
        if (!string.IsNullOrWhiteSpace(props.AlarmEmail))
        {
            // A mail SNS could not deliver is kept with the undelivered events, under the same alarm.
            Topic.AddSubscription(new EmailSubscription(props.AlarmEmail, new EmailSubscriptionProps { DeadLetterQueue = events.DeliveryDeadLetterQueue }));
        }

        Add("DlqNotEmpty", "Orders are in the dead-letter queue: inspect them, fix the cause, re-drive (docs/runbook.md).",
            intake.DeadLetterQueue.MetricApproximateNumberOfMessagesVisible(new MetricOptions { Period = Duration.Minutes(1), Statistic = "Maximum" }),
            threshold: 0, ComparisonOperator.GREATER_THAN_THRESHOLD);
        Add("ExecutionsFailed", "order-fulfilment executions failed: list them (fulfil executions list --status FAILED) and redrive after the fix.",
            workflow.StateMachine.MetricFailed(new MetricOptions { Period = Duration.Minutes(5), Statistic = "Sum" }),
            threshold: 1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);

        // The workflow publishes OrderStatusChanged(CompensationFailed) just before its Fail state: a rule on that
        // status pages at once with the order in the message, and its metric drives an alarm that stays visible.
        CompensationFailedRule = new Rule(this, "CompensationFailed", new RuleProps
        {
            RuleName = props.Name("fulfilment-compensation-failed"),
            Description = "An order ended CompensationFailed: stock or money may be stuck (docs/runbook.md).",
            EventBus = events.Bus,
            EventPattern = OrderEvents.StatusPattern("CompensationFailed"),
            Targets = [new SnsTopic(Topic, new SnsTopicProps { DeadLetterQueue = events.DeliveryDeadLetterQueue })],
        });
        Add("CompensationFailedAlarm", "An order ended CompensationFailed: fix the cause, then redrive its execution (docs/runbook.md).",
            new Metric(new MetricProps
            {
                Namespace = "AWS/Events",
                MetricName = "TriggeredRules",
                DimensionsMap = new Dictionary<string, string> { ["EventBusName"] = events.Bus.EventBusName, ["RuleName"] = CompensationFailedRule.RuleName },
                Period = Duration.Minutes(5),
                Statistic = "Sum",
            }),
            threshold: 1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);
        Add("EventDeliveryFailed", "An event or alarm mail was not delivered (EventBridge to a rule's target, e.g. the CompensationFailed page, or SNS to the alarm e-mail): read fulfilment-event-delivery-dlq (docs/runbook.md).",
            events.DeliveryDeadLetterQueue.MetricApproximateNumberOfMessagesVisible(new MetricOptions { Period = Duration.Minutes(5), Statistic = "Maximum" }),
            threshold: 0, ComparisonOperator.GREATER_THAN_THRESHOLD);
        Add("Api5xx", "The orders API answered 5xx (queue or status function unavailable).",
            api.Api.MetricServerError(new MetricOptions { Period = Duration.Minutes(5), Statistic = "Sum" }),
            threshold: 1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);

        foreach (var (spec, function) in Catalogue.All.Zip(functions.All))
        {
            Add(spec.Name + "-errors", $"{spec.Name} failed invocations (its logs say why).",
                function.MetricErrors(new MetricOptions { Period = Duration.Minutes(5), Statistic = "Sum" }),
                threshold: 1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);
            Add(spec.Name + "-throttles", $"{spec.Name} was throttled (reserved or account concurrency reached).",
                function.MetricThrottles(new MetricOptions { Period = Duration.Minutes(5), Statistic = "Sum" }),
                threshold: 1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);
        }

        Dashboard = new Dashboard(this, "Dashboard", new DashboardProps { DashboardName = props.Name("fulfilment") });
        Dashboard.AddWidgets(
            new GraphWidget(new GraphWidgetProps { Title = "API requests and errors", Left = [api.Api.MetricCount(), api.Api.MetricClientError(), api.Api.MetricServerError()], Width = 8 }),
            new GraphWidget(new GraphWidgetProps { Title = "API latency (p99)", Left = [api.Api.MetricLatency(new MetricOptions { Statistic = "p99" })], Width = 8 }),
            new GraphWidget(new GraphWidgetProps
            {
                Title = "Queues",
                Left = [intake.Queue.MetricApproximateNumberOfMessagesVisible(), intake.Queue.MetricApproximateAgeOfOldestMessage()],
                Right = [intake.DeadLetterQueue.MetricApproximateNumberOfMessagesVisible()],
                Width = 8,
            }));
        Dashboard.AddWidgets(
            new GraphWidget(new GraphWidgetProps
            {
                Title = "Executions",
                Left = [workflow.StateMachine.MetricStarted(), workflow.StateMachine.MetricSucceeded(), workflow.StateMachine.MetricFailed(), workflow.StateMachine.MetricTimedOut()],
                Width = 12,
            }),
            new GraphWidget(new GraphWidgetProps
            {
                Title = "Lambda errors and throttles",
                Left = [.. functions.All.Select(f => (IMetric)f.MetricErrors())],
                Right = [.. functions.All.Select(f => (IMetric)f.MetricThrottles())],
                Width = 12,
            }));
        Dashboard.AddWidgets(new AlarmStatusWidget(new AlarmStatusWidgetProps { Title = "Alarms", Alarms = [.. _alarms], Width = 24 }));
    }

    /// <summary>Where every alarm and the CompensationFailed rule notify.</summary>
    public Topic Topic { get; }

    /// <summary>The rule on <c>OrderStatusChanged(CompensationFailed)</c>.</summary>
    public Rule CompensationFailedRule { get; }

    /// <summary>The <c>fulfilment</c> dashboard.</summary>
    public Dashboard Dashboard { get; }

    /// <summary>Every alarm.</summary>
    public IReadOnlyList<Alarm> Alarms => _alarms;

    private void Add(string id, string description, IMetric metric, double threshold, ComparisonOperator comparison)
    {
        var alarm = new Alarm(this, id, new AlarmProps
        {
            AlarmDescription = description,
            Metric = metric,
            Threshold = threshold,
            ComparisonOperator = comparison,
            EvaluationPeriods = 1,
            TreatMissingData = TreatMissingData.NOT_BREACHING,
        });
        alarm.AddAlarmAction(new SnsAction(Topic));
        _alarms.Add(alarm);
    }
}
