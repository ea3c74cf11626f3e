using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Constructs;

namespace Fulfilment.Cdk;

/// <summary>
/// The cdk-nag findings (AWS Solutions and Serverless packs) this app accepts, each on its resource with its reason,
/// written as resource metadata in cdk-nag's own audit format (<c>cdk_nag.rules_to_suppress: [{id, reason}]</c>).
/// cdk-nag 3 runs on the synthesized templates (tools/aws-checkers), so the nag test compares its findings with these
/// entries: a finding without an entry fails, and so does an entry that no longer matches a finding.
/// </summary>
public static class NagSuppressions
{
    /// <summary>The metadata key (cdk-nag's).</summary>
    public const string MetadataKey = "cdk_nag";

    /// <summary>The list of <c>{id, reason}</c> under <see cref="MetadataKey"/>.</summary>
    public const string ListKey = "rules_to_suppress";

    private const string ExampleSubscriber =
        "The example subscriber has no consumer that could fail; a real subscriber's queue lives in its own account with its own redrive policy.";

    private const string XRayOnly =
        "The only actions on \"*\" are X-Ray's PutTraceSegments and PutTelemetryRecords (active tracing), which IAM defines on no resource type: \"*\" is the only resource they accept.";

    /// <summary>Accepts the finding <paramref name="finding"/> (a rule id, with its <c>[...]</c> detail where cdk-nag gives one) on <paramref name="construct"/>.</summary>
    public static void Suppress(IConstruct construct, string finding, string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(finding);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var resource = ResourceMetadata.ResourceOf(construct);
        var section = ResourceMetadata.Section(resource, MetadataKey);
        section[ListKey] = ResourceMetadata.Append(section, ListKey, new Dictionary<string, object> { ["id"] = finding, ["reason"] = reason });
        resource.AddMetadata(MetadataKey, section);
    }

    /// <summary>The suppressions this app applies, each with the reason it is right here.</summary>
    public static void ApplyTo(FulfilmentStack stack)
    {
        ArgumentNullException.ThrowIfNull(stack);
        foreach (var function in stack.Functions.All)
        {
            Suppress(function, "Serverless-LambdaDLQ",
                "No function is invoked asynchronously: Step Functions and API Gateway invoke synchronously and the intake reads SQS through an event source mapping, where failed messages go to the queue's own DLQ. A Lambda DLQ would never receive anything.");
            Suppress(DefaultPolicyOf(function.Role!), "AwsSolutions-IAM5[Resource::*]", XRayOnly);
        }

        Suppress(DefaultPolicyOf(stack.Workflow.StateMachine.Role), "AwsSolutions-IAM5[Resource::*]",
            "The actions on \"*\" are X-Ray's (tracing) and the CloudWatch Logs log-delivery calls (CreateLogDelivery, PutResourcePolicy, ...) that Step Functions logging needs; IAM defines them on no resource type, so \"*\" is the only resource they accept.");
        Suppress(stack.Workflow.StateMachine, "AwsSolutions-SF1",
            "Logging level ERROR on purpose: every failed task and execution is logged, a successful order's ~20 transitions are not paid for as log events, and execution data stays out (inputs carry payment tokens). The full history is in Step Functions for 90 days.");

        Suppress(stack.Intake.DeadLetterQueue, "Serverless-SQSRedrivePolicy",
            "This is the dead-letter queue of the intake queue: ops re-drive it (StartMessageMoveTask); a DLQ of the DLQ would only move the same messages one queue further.");
        Suppress(stack.Events.DeliveryDeadLetterQueue, "Serverless-SQSRedrivePolicy",
            "This is the dead-letter queue of the rules' targets, watched by an alarm; a DLQ of the DLQ would only move the same events one queue further.");
        Suppress(stack.Events.DeliveryDeadLetterQueue, "AwsSolutions-SQS3",
            "This is a dead-letter queue: of the rules' targets and the alarm mail subscription, which cdk-nag does not see (it recognizes a DLQ only by a queue's RedrivePolicy).");
        Suppress(stack.Events.ExampleQueue, "Serverless-SQSRedrivePolicy",
            ExampleSubscriber);
        Suppress(stack.Events.ExampleQueue, "AwsSolutions-SQS3",
            ExampleSubscriber);

        foreach (var construct in stack.Node.FindAll())
        {
            switch (construct)
            {
                case Amazon.CDK.AWS.Lambda.CfnEventSourceMapping mapping:
                    Suppress(mapping, "Serverless-LambdaEventSourceMappingDestination",
                        "An SQS event source mapping takes no on-failure destination (Lambda supports those for stream and Kafka sources only): a message that keeps failing moves to the intake queue's DLQ after 3 receives, which an alarm watches.");
                    break;
                case Amazon.CDK.AWS.APIGateway.CfnMethod method:
                    Suppress(method, "AwsSolutions-APIG4",
                        "The callers are storefront back ends, not end users: each is identified by its API key (required on every method) and held to its usage plan. There is no user identity to authorize; an IAM or Lambda authorizer can be added per storefront when one exists.");
                    Suppress(method, "AwsSolutions-COG4",
                        "No Cognito user pool: the callers are storefront back ends identified by API keys (required on every method), not signed-in users.");
                    break;
                case Amazon.CDK.AWS.APIGateway.CfnStage stage:
                    Suppress(stage, "AwsSolutions-APIG3",
                        "No WAF web ACL yet: every method needs an API key, the stage and each key are throttled, and the body is validated against the model. A web ACL ($5 a month plus rules and requests) is the next step when the API is exposed to more than known storefronts (docs/deploy.md).");
                    break;
                case CfnRole role when construct.Node.Scope is Role { Node.Id: "CloudWatchRole" }:
                    Suppress(role, "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]",
                        "The account-level role API Gateway writes execution logs with: AmazonAPIGatewayPushToCloudWatchLogs is the policy AWS documents for it, and API Gateway names its own log groups (API-Gateway-Execution-Logs_<api>/<stage>), which a narrower policy would have to predict.");
                    break;
            }
        }
    }

    private static IConstruct DefaultPolicyOf(IRole role) =>
        role.Node.TryFindChild("DefaultPolicy") ?? throw new InvalidOperationException($"'{role.Node.Path}' has no default policy to carry a suppression.");
}
