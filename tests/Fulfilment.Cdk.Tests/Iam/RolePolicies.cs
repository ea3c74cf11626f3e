using System.Text.Json.Nodes;
using Fulfilment.Testing;

namespace Fulfilment.Cdk.Tests.Iam;

/// <summary>
/// The template's IAM as IAM will see it in account <see cref="TemplateArns.Account"/>: every policy statement resolved,
/// the roles of the functions, the state machine and the API, and the calls each is expected to make.
/// </summary>
public sealed class RolePolicies
{
    /// <summary>Secrets Manager appends six random characters to a secret's name in its ARN.</summary>
    public const string SecretSuffix = "-AbCdEf";

    public RolePolicies(JsonObject template)
    {
        Arns = new TemplateArns(template);
        Template = template;
    }

    public TemplateArns Arns { get; }

    public JsonObject Template { get; }

    /// <summary>Every statement of every identity policy (AWS::IAM::Policy, inline role policies) and resource policy.</summary>
    public IEnumerable<(string Id, JsonObject Statement)> AllStatements()
    {
        foreach (var (id, resource) in Template.Resources("AWS::IAM::Policy"))
        {
            foreach (var (statement, i) in resource.Properties()["PolicyDocument"]!["Statement"]!.AsArray().Select((s, i) => (s!.AsObject(), i)))
            {
                yield return ($"{id}#{i}", statement);
            }
        }

        foreach (var (type, document) in new[] { ("AWS::SQS::QueuePolicy", "PolicyDocument"), ("AWS::SNS::TopicPolicy", "PolicyDocument") })
        {
            foreach (var (id, resource) in Template.Resources(type))
            {
                foreach (var (statement, i) in resource.Properties()[document]!["Statement"]!.AsArray().Select((s, i) => (s!.AsObject(), i)))
                {
                    yield return ($"{id}#{i}", statement);
                }
            }
        }

        foreach (var (id, resource) in Template.Resources("AWS::Events::EventBusPolicy"))
        {
            yield return ($"{id}#0", resource.Properties()["Statement"]!.AsObject());
        }
    }

    /// <summary>Every statement of <see cref="AllStatements"/> as the IAM data check reads it: its actions and resources, resolved.</summary>
    public IReadOnlyList<(string Id, IReadOnlyList<string> Actions, IReadOnlyList<string> Resources)> ResolvedStatements() =>
        [.. AllStatements().Select(s =>
        {
            var (actions, resources) = Arns.Resolve(s.Statement);
            return (s.Id, actions, resources);
        })];

    /// <summary>The principal ARN of a role.</summary>
    public string PrincipalOf(string roleId) => $"arn:{TemplateArns.Partition}:iam::{TemplateArns.Account}:role/{roleId}";

    /// <summary>The role's statements, resolved.</summary>
    public IReadOnlyList<JsonObject> ConcreteStatementsOf(string roleId) => [.. Template.StatementsOf(roleId).Select(Arns.Concrete)];

    /// <summary>A declared call's resource in this account and region (a secret with the random suffix its ARN has).</summary>
    public static string Concrete(AwsCall call) => Concrete(call.ResourceIn(TemplateArns.Region, TemplateArns.Account));

    public static string Concrete(string arn) => arn.StartsWith("arn:aws:secretsmanager:", StringComparison.Ordinal) && !arn.EndsWith(SecretSuffix, StringComparison.Ordinal) ? arn + SecretSuffix : arn;

    /// <summary>The same kind of resource with another name: one this stack does not own.</summary>
    public static string Foreign(string arn)
    {
        var cut = arn.LastIndexOfAny([':', '/']);
        return Concrete(arn[..(cut + 1)] + "someone-else");
    }
}
