using System.Text.Json.Nodes;

namespace Fulfilment.Cdk.Tests.Iam;

/// <summary>
/// Resolves the intrinsic functions of a synthesized template's policies into the concrete ARNs CloudFormation would
/// produce in one account and region, so that policies can be checked and simulated as IAM sees them. Only the
/// resource types and attributes the app uses are known; anything else fails naming what to add.
/// </summary>
public sealed class TemplateArns(JsonObject template)
{
    public const string Partition = "aws";
    public const string Region = "us-east-1";
    public const string Account = "123456789012";

    private readonly JsonObject _resources = template["Resources"]!.AsObject();

    /// <summary>The string <paramref name="node"/> evaluates to, or null for <c>AWS::NoValue</c>.</summary>
    public string? Resolve(JsonNode? node) => node switch
    {
        JsonValue value => (string)value!,
        JsonObject o when o["Ref"] is JsonValue reference => Ref((string)reference!),
        JsonObject o when o["Fn::GetAtt"] is JsonArray getAtt => GetAtt((string)getAtt[0]!, (string)getAtt[1]!),
        JsonObject o when o["Fn::Join"] is JsonArray join => string.Join((string)join[0]!, join[1]!.AsArray().Select(Resolve)),
        _ => throw new NotSupportedException($"TemplateArns cannot resolve {node?.ToJsonString()}: add the intrinsic function."),
    };

    /// <summary>A statement's actions and resources (one string or a list), resolved; <c>AWS::NoValue</c> entries are dropped.</summary>
    public (IReadOnlyList<string> Actions, IReadOnlyList<string> Resources) Resolve(JsonObject statement) =>
        (Strings(statement["Action"]).Select(a => Resolve(a)!).ToList(), Strings(statement["Resource"]).Select(Resolve).OfType<string>().ToList());

    /// <summary>The statement with its actions and resources resolved, in the shape IAM reads.</summary>
    public JsonObject Concrete(JsonObject statement)
    {
        var (actions, resources) = Resolve(statement);
        var copy = new JsonObject
        {
            ["Effect"] = (string)statement["Effect"]!,
            ["Action"] = new JsonArray([.. actions.Select(a => (JsonNode)a)]),
            ["Resource"] = new JsonArray([.. resources.Select(r => (JsonNode)r)]),
        };
        if (statement["Condition"] is JsonNode condition)
        {
            copy["Condition"] = condition.DeepClone();
        }

        return copy;
    }

    private static List<JsonNode?> Strings(JsonNode? node) => node is JsonArray list ? [.. list] : [node];

    private string? Ref(string name) => name switch
    {
        "AWS::Partition" => Partition,
        "AWS::Region" => Region,
        "AWS::AccountId" => Account,
        "AWS::URLSuffix" => "amazonaws.com",
        "AWS::NoValue" => null,
        _ => RefOf(name),
    };

    private string RefOf(string id)
    {
        var (type, properties) = Resource(id);
        return type switch
        {
            "AWS::StepFunctions::StateMachine" => StateMachineArn(properties),
            "AWS::SNS::Topic" => $"arn:{Partition}:sns:{Region}:{Account}:{Name(properties, "TopicName", id)}",
            "AWS::SQS::Queue" => $"https://sqs.{Region}.amazonaws.com/{Account}/{Name(properties, "QueueName", id)}",
            "AWS::Events::EventBus" => Name(properties, "Name", id),
            "AWS::DynamoDB::Table" => Name(properties, "TableName", id),
            "AWS::Lambda::Function" => Name(properties, "FunctionName", id),
            "AWS::IAM::Role" => id,
            "AWS::ApiGateway::RestApi" => "a1b2c3d4e5",
            "AWS::ApiGateway::Stage" => Name(properties, "StageName", id),
            _ => throw new NotSupportedException($"TemplateArns does not know what Ref of {type} ({id}) returns: add it."),
        };
    }

    private string GetAtt(string id, string attribute)
    {
        var (type, properties) = Resource(id);
        return (type, attribute) switch
        {
            ("AWS::DynamoDB::Table", "Arn") => $"arn:{Partition}:dynamodb:{Region}:{Account}:table/{Name(properties, "TableName", id)}",
            ("AWS::Lambda::Function", "Arn") => $"arn:{Partition}:lambda:{Region}:{Account}:function:{Name(properties, "FunctionName", id)}",
            ("AWS::Events::EventBus", "Arn") => $"arn:{Partition}:events:{Region}:{Account}:event-bus/{Name(properties, "Name", id)}",
            ("AWS::Events::Rule", "Arn") => RuleArn(properties, id),
            ("AWS::SQS::Queue", "Arn") => $"arn:{Partition}:sqs:{Region}:{Account}:{Name(properties, "QueueName", id)}",
            ("AWS::Logs::LogGroup", "Arn") => $"arn:{Partition}:logs:{Region}:{Account}:log-group:{Name(properties, "LogGroupName", id)}:*",
            ("AWS::IAM::Role", "Arn") => $"arn:{Partition}:iam::{Account}:role/{id}",
            ("AWS::StepFunctions::StateMachine", "Arn") => StateMachineArn(properties),
            _ => throw new NotSupportedException($"TemplateArns does not know Fn::GetAtt {id}.{attribute} of {type}: add it."),
        };
    }

    private string StateMachineArn(JsonObject properties) => $"arn:{Partition}:states:{Region}:{Account}:stateMachine:{Resolve(properties["StateMachineName"])}";

    private string RuleArn(JsonObject properties, string id)
    {
        var bus = properties["EventBusName"] is JsonNode name ? Resolve(name) : "default";
        var rule = Name(properties, "Name", id);
        return bus == "default" ? $"arn:{Partition}:events:{Region}:{Account}:rule/{rule}" : $"arn:{Partition}:events:{Region}:{Account}:rule/{bus}/{rule}";
    }

    // The app names every resource whose name an ARN needs; a generated name would make the ARN unknowable here.
    private string Name(JsonObject properties, string property, string id) =>
        properties[property] is JsonNode name ? Resolve(name)! : throw new NotSupportedException($"{id} has no {property}: its ARN cannot be known before deployment.");

    private (string Type, JsonObject Properties) Resource(string id) =>
        _resources[id] is JsonObject resource
            ? ((string)resource["Type"]!, resource["Properties"] as JsonObject ?? [])
            : throw new KeyNotFoundException($"The template has no resource {id}.");
}
