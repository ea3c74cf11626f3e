using System.Text.Json.Nodes;

namespace Fulfilment.Cdk.Tests;

/// <summary>Reads a synthesized template as JSON for the questions the Assertions API answers awkwardly (IAM graphs).</summary>
public static class TemplateQueries
{
    public static IEnumerable<(string Id, JsonObject Resource)> Resources(this JsonObject template, string type) =>
        template["Resources"]!.AsObject()
            .Where(p => (string?)p.Value!["Type"] == type)
            .Select(p => (p.Key, p.Value!.AsObject()));

    public static JsonObject Properties(this JsonObject resource) => resource["Properties"]!.AsObject();

    /// <summary>The logical id of the one resource of <paramref name="type"/> whose property equals the value.</summary>
    public static string IdWhere(this JsonObject template, string type, string property, string value) =>
        template.Resources(type).Single(r => (string?)r.Resource.Properties()[property] == value).Id;

    /// <summary>The logical id of the function with this (unprefixed) name.</summary>
    public static string FunctionId(this JsonObject template, string name) =>
        template.IdWhere("AWS::Lambda::Function", "FunctionName", name);

    /// <summary>The role a function or state machine runs as (its Fn::GetAtt [Role, Arn]).</summary>
    public static string RoleOf(this JsonObject template, string resourceId, string roleProperty = "Role") =>
        (string)template["Resources"]![resourceId]!.AsObject().Properties()[roleProperty]!["Fn::GetAtt"]![0]!;

    /// <summary>Every statement of every AWS::IAM::Policy attached to <paramref name="roleId"/>.</summary>
    public static IReadOnlyList<JsonObject> StatementsOf(this JsonObject template, string roleId) =>
    [
        .. template.Resources("AWS::IAM::Policy")
            .Where(p => p.Resource.Properties()["Roles"]!.AsArray().Any(r => (string?)r!["Ref"] == roleId))
            .SelectMany(p => p.Resource.Properties()["PolicyDocument"]!["Statement"]!.AsArray().Select(s => s!.AsObject())),
    ];

    /// <summary>A statement's actions, whether one string or a list.</summary>
    public static IReadOnlyList<string> Actions(this JsonObject statement) => Strings(statement["Action"]);

    /// <summary>
    /// The logical ids a statement's resources point at (through Fn::GetAtt, Ref or Fn::Join), or their literal text;
    /// AWS::NoValue (the index ARNs of a table without indexes) is no resource and is left out.
    /// </summary>
    public static IReadOnlyList<string> ResourceTargets(this JsonObject statement) =>
        [.. (statement["Resource"] is JsonArray list ? list.Select(Target) : [Target(statement["Resource"])]).Where(t => t != "AWS::NoValue")];

    private static string Target(JsonNode? node) => node switch
    {
        JsonObject o when o["Fn::GetAtt"] is JsonArray getAtt => (string)getAtt[0]!,
        JsonObject o when o["Ref"] is JsonValue reference => (string)reference!,
        JsonObject o when o["Fn::Join"] is JsonArray join => string.Concat(join[1]!.AsArray().Select(Target)),
        JsonValue v => (string)v!,
        _ => node?.ToJsonString() ?? string.Empty,
    };

    private static List<string> Strings(JsonNode? node) => node switch
    {
        JsonArray a => [.. a.Select(x => (string)x!)],
        JsonValue v => [(string)v!],
        _ => [],
    };
}
