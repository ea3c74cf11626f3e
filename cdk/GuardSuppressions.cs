using Amazon.CDK;
using Constructs;

namespace Fulfilment.Cdk;

/// <summary>
/// Exceptions to the cfn-guard Control Tower rules, written into the template as resource metadata
/// (<c>guard.rules_to_suppress: [{id, reason}]</c>) next to the resource they excuse. The policy test reads them back:
/// a finding is accepted only when its resource names the rule with a reason, and an unused suppression fails too.
/// </summary>
public static class GuardSuppressions
{
    /// <summary>The metadata key.</summary>
    public const string MetadataKey = "guard";

    /// <summary>The list of <c>{id, reason}</c> under <see cref="MetadataKey"/>.</summary>
    public const string ListKey = "rules_to_suppress";

    /// <summary>Excuses <paramref name="construct"/>'s CloudFormation resource from <paramref name="rule"/>.</summary>
    public static void Suppress(IConstruct construct, string rule, string reason)
    {
        ArgumentNullException.ThrowIfNull(construct);
        ArgumentException.ThrowIfNullOrWhiteSpace(rule);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var resource = ResourceMetadata.ResourceOf(construct);
        var section = ResourceMetadata.Section(resource, MetadataKey);
        section[ListKey] = ResourceMetadata.Append(section, ListKey, new Dictionary<string, object> { ["id"] = rule, ["reason"] = reason });
        resource.AddMetadata(MetadataKey, section);
    }

    /// <summary>The suppressions this app applies, each with the reason it is right here.</summary>
    public static void ApplyTo(Stack stack)
    {
        ArgumentNullException.ThrowIfNull(stack);
        foreach (var construct in stack.Node.FindAll())
        {
            switch (construct)
            {
                case Amazon.CDK.AWS.Logs.CfnLogGroup logGroup:
                    Suppress(logGroup, "cloudwatch_log_group_encrypted_check",
                        "CloudWatch Logs already encrypts every log group at rest; a customer-managed KMS key would add a key per stage and a key policy for the logs service, while who may read the logs is decided by IAM either way. No card data is logged (execution data and API bodies are kept out of the logs).");
                    break;
                case Amazon.CDK.AWS.Lambda.CfnFunction function:
                    Suppress(function, "lambda_inside_vpc_check",
                        "The functions reach only AWS public endpoints (DynamoDB, Step Functions) and the HTTPS card processor/webhook; a VPC would need NAT gateways or interface endpoints (~$30+/month per AZ) without narrowing what they can reach, which IAM already limits.");
                    break;
                case Amazon.CDK.AWS.Lambda.CfnPermission permission when Equals(permission.Principal, "apigateway.amazonaws.com"):
                    Suppress(permission, "lambda_function_public_access_prohibited_check",
                        "The permission has a SourceArn scoped to this API's GET /orders/{orderId} method; it is an Fn::Join of the API id, which the rule cannot resolve as a string.");
                    break;
            }
        }
    }
}
