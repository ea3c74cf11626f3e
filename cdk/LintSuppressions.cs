using Amazon.CDK;
using Constructs;

namespace Fulfilment.Cdk;

/// <summary>
/// Exceptions to cfn-lint's warnings, written where cfn-lint itself reads them (resource metadata
/// <c>cfn-lint.config.ignore_checks</c>), with the reason for each rule beside it (<c>cfn-lint.reasons</c>). The lint
/// test runs cfn-lint on the templates as they are (nothing may be left) and again without these entries: every
/// entry must still excuse a finding of its rule on its resource.
/// </summary>
public static class LintSuppressions
{
    /// <summary>The metadata key cfn-lint reads.</summary>
    public const string MetadataKey = "cfn-lint";

    /// <summary>The rule ids cfn-lint skips on the resource (<c>config.ignore_checks</c>).</summary>
    public const string ConfigKey = "config";

    /// <summary>The list of rule ids under <see cref="ConfigKey"/>.</summary>
    public const string IgnoreChecksKey = "ignore_checks";

    /// <summary>The rule id → reason map beside the config (cfn-lint ignores it; reviewers and the tests read it).</summary>
    public const string ReasonsKey = "reasons";

    /// <summary>Excuses <paramref name="construct"/>'s CloudFormation resource from cfn-lint rule <paramref name="rule"/>.</summary>
    public static void Suppress(IConstruct construct, string rule, string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rule);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var resource = ResourceMetadata.ResourceOf(construct);
        var section = ResourceMetadata.Section(resource, MetadataKey);
        var config = section.TryGetValue(ConfigKey, out var c) && c is IDictionary<string, object> existingConfig
            ? new Dictionary<string, object>(existingConfig, StringComparer.Ordinal)
            : new Dictionary<string, object>(StringComparer.Ordinal);
        config[IgnoreChecksKey] = ResourceMetadata.Append(config, IgnoreChecksKey, rule);
        var reasons = section.TryGetValue(ReasonsKey, out var r) && r is IDictionary<string, object> existingReasons
            ? new Dictionary<string, object>(existingReasons, StringComparer.Ordinal)
            : new Dictionary<string, object>(StringComparer.Ordinal);
        reasons[rule] = reason;
        section[ConfigKey] = config;
        section[ReasonsKey] = reasons;
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
                // W3005: "dependency already enforced by a GetAtt/Ref". The CDK's Function and StateMachine add
                // DependsOn on their own role (so the role's policy exists before the first invocation), next to the Fn::GetAtt that already orders them. Redundant and
                // harmless: CloudFormation orders by either; removing it would mean overriding the CDK's output.
                // (The schema's own DependsOn on its registry was ours, and is gone: its GetAtt orders them.)
                case Amazon.CDK.AWS.Lambda.CfnFunction function:
                    Suppress(function, "W3005", "The CDK's DependsOn on the function's role repeats the order its Fn::GetAtt Role already gives; redundant and harmless.");
                    break;
                case Amazon.CDK.AWS.StepFunctions.CfnStateMachine machine:
                    Suppress(machine, "W3005", "The CDK's DependsOn on the state machine's role repeats the order its Fn::GetAtt RoleArn already gives; redundant and harmless.");
                    break;
            }
        }
    }
}
