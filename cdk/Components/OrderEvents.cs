using Amazon.CDK;
using Amazon.CDK.AWS.EventSchemas;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Events.Targets;
using Amazon.CDK.AWS.SQS;
using EventBus = Amazon.CDK.AWS.Events.EventBus;
using EventBusProps = Amazon.CDK.AWS.Events.EventBusProps;
using Constructs;
using Fulfilment.Cdk.Api;
using Fulfilment.Contracts.Serialization;

namespace Fulfilment.Cdk.Components;

/// <summary>
/// The <c>fulfilment</c> bus with an archive, the <c>OrderStatusChanged</c> schema in a registry, an example subscriber
/// rule, and a resource policy that lets subscriber accounts manage their own rules on it.
/// </summary>
public sealed class OrderEvents : Construct
{
    /// <summary>The detail-type of every status event.</summary>
    public const string DetailType = "OrderStatusChanged";

    /// <summary>Creates the bus and everything around it.</summary>
    public OrderEvents(Construct scope, string id, FulfilmentStackProps props)
        : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(props);
        Bus = new EventBus(this, "Bus", new EventBusProps { EventBusName = props.Name(Catalogue.EventBusName) });

        // Replayable history for consumers that were down or shipped a bug: StartReplay from this archive.
        Bus.Archive("Archive", new BaseArchiveProps
        {
            ArchiveName = props.Name("fulfilment-order-events"),
            Description = "Every OrderStatusChanged event, for replays to subscribers.",
            EventPattern = new EventPattern { Source = [Catalogue.EventSource] },
            Retention = Duration.Days(props.IsProduction ? 365 : 30),
        });

        // The subscriber contract, published where downstream teams look for it (schema registry, code bindings).
        var registry = new CfnRegistry(this, "Registry", new CfnRegistryProps
        {
            RegistryName = props.Name("fulfilment"),
            Description = "Events published by Fulfilment (contracts/schemas).",
        });
        // Fn::GetAtt RegistryName already makes CloudFormation create the registry first: no DependsOn (cfn-lint W3005).
        _ = new CfnSchema(this, "OrderStatusChangedSchema", new CfnSchemaProps
        {
            RegistryName = registry.AttrRegistryName,
            SchemaName = "fulfilment.orders@OrderStatusChanged",
            Type = "JSONSchemaDraft4",
            Description = "Detail of OrderStatusChanged v1 (contracts/schemas/OrderStatusChanged.v1.json).",
            Content = Draft04Schema.Convert(ContractSchemas.Read(ContractSchemas.OrderStatusChangedV1)).ToJsonString(),
        });

        // Where EventBridge puts an event it could not deliver to a target of this stack's rules (after its own retries,
        // 24 hours by default), and SNS an alarm mail it could not deliver: without it a lost delivery, e.g. the
        // CompensationFailed page, would vanish unseen.
        DeliveryDeadLetterQueue = new Queue(this, "DeliveryDlq", new QueueProps
        {
            QueueName = props.Name("fulfilment-event-delivery-dlq"),
            Encryption = QueueEncryption.SQS_MANAGED,
            EnforceSSL = true,
            RetentionPeriod = Duration.Days(14),
        });
        GuardSuppressions.Suppress(DeliveryDeadLetterQueue, "sqs_dlq_check",
            "This is a dead-letter queue (of the rules' targets): an alarm watches it and ops read it; a DLQ of the DLQ would only move the same events one queue further.");

        // An example subscriber, described by that schema: completed orders land in a queue, the way a downstream
        // team would consume them. Teams copy this pattern with their own target (docs/deploy.md, "Subscribing").
        ExampleQueue = new Queue(this, "ExampleSubscriberQueue", new QueueProps
        {
            QueueName = props.Name("fulfilment-example-completed-orders"),
            Encryption = QueueEncryption.SQS_MANAGED,
            EnforceSSL = true,
            RetentionPeriod = Duration.Days(4),
        });
        GuardSuppressions.Suppress(ExampleQueue, "sqs_dlq_check",
            "The example subscriber has no consumer that could fail; a real subscriber's queue lives in its own account with its own redrive policy.");
        ExampleRule = new Rule(this, "ExampleSubscriber", new RuleProps
        {
            RuleName = props.Name("fulfilment-example-completed-orders"),
            Description = "Example subscriber (schema fulfilment.orders@OrderStatusChanged): completed orders to a queue.",
            EventBus = Bus,
            EventPattern = StatusPattern("Completed"),
            Targets = [new SqsQueue(ExampleQueue, new SqsQueueProps { DeadLetterQueue = DeliveryDeadLetterQueue })],
        });

        foreach (var account in props.SubscriberAccounts)
        {
            AllowSubscriberRules(account);
        }
    }

    /// <summary>The <c>fulfilment</c> bus.</summary>
    public EventBus Bus { get; }

    /// <summary>Events a rule of this stack could not deliver to its target.</summary>
    public Queue DeliveryDeadLetterQueue { get; }

    /// <summary>The example subscriber's queue.</summary>
    public Queue ExampleQueue { get; }

    /// <summary>The example subscriber rule.</summary>
    public Rule ExampleRule { get; }

    /// <summary>Status events with the given status(es).</summary>
    public static EventPattern StatusPattern(params string[] statuses) => new()
    {
        Source = [Catalogue.EventSource],
        DetailType = [DetailType],
        Detail = new Dictionary<string, object> { ["status"] = statuses },
    };

    // The EventBridge pattern for rules owned by another account on this bus: the subscriber may manage only rules it
    // created itself (events:creatorAccount), and only on this bus.
    private void AllowSubscriberRules(string account)
    {
        var ruleArns = Stack.Of(this).FormatArn(new ArnComponents
        {
            Service = "events",
            Resource = "rule",
            ResourceName = Bus.EventBusName + "/*",
        });
        Bus.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "SubscriberRules" + account,
            Principals = [new AccountPrincipal(account)],
            Actions =
            [
                "events:PutRule", "events:PutTargets", "events:DeleteRule", "events:RemoveTargets",
                "events:DisableRule", "events:EnableRule", "events:DescribeRule", "events:ListTargetsByRule",
            ],
            Resources = [ruleArns],
            Conditions = new Dictionary<string, object>
            {
                ["StringEqualsIfExists"] = new Dictionary<string, object> { ["events:creatorAccount"] = account },
            },
        }));
    }
}
