using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Shouldly;

namespace Fulfilment.Aws.Tests.OfficialSdk;

/// <summary>
/// Every operation of our clients, sent by our client and by the official AWS SDK for JavaScript v3 in each endpoint mode:
/// the same request on the wire, and a signature that verifies.
/// </summary>
[Collection(OfficialSdkCollection.Name)]
[Trait("Category", "Integration")]
public sealed partial class RequestParityTests(OfficialSdkRun run)
{
    [Theory]
    [MemberData(nameof(ParityPlan.RequestLabels), MemberType = typeof(ParityPlan))]
    public void Request_WhenBothClientsMakeTheCall_ShouldMatchOnTheWire(string label)
    {
        var call = ParityPlan.Requests.Single(c => c.Label == label);
        var (ours, official) = run[label];

        WireDifferences(call, ours, official).ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(ParityPlan.RequestLabels), MemberType = typeof(ParityPlan))]
    public void Signature_WhenOurClientSignsTheCall_ShouldVerify(string label)
    {
        SignatureProblems(label, run[label].Ours).ShouldBeEmpty();
    }

    // The control: the same check on the official SDK's request shows the check itself is right.
    [Theory]
    [MemberData(nameof(ParityPlan.RequestLabels), MemberType = typeof(ParityPlan))]
    public void Signature_WhenTheOfficialSdkSignsTheCall_ShouldVerify(string label)
    {
        SignatureProblems(label, run[label].Official).ShouldBeEmpty();
    }

    [Fact]
    public void IdempotencyTokens_WhenTheModelMarksAMember_ShouldBeInEveryRequestOfBothClients()
    {
        var problems = new List<string>();
        foreach (var call in ParityPlan.Requests)
        {
            var (ours, official) = run[call.Label];
            foreach (var member in run.Models[$"{call.Case.Service}.{call.Case.Operation}"].IdempotencyTokens)
            {
                var (mine, theirs) = (Member(ours.Request, member), Member(official.Request, member));
                if (call.Case.FillsIdempotencyToken)
                {
                    problems.AddRange(new[] { (Side: "ours", Token: mine), (Side: "official", Token: theirs) }
                        .Where(sent => sent.Token is null || !UuidV4().IsMatch(sent.Token))
                        .Select(sent => $"{call.Label}: {sent.Side} {member} is '{sent.Token}', not a UUID v4"));
                }
                else if (mine is null || mine != theirs)
                {
                    problems.Add($"{call.Label}: {member} ours '{mine}', official '{theirs}'");
                }
            }
        }

        problems.ShouldBeEmpty();
    }

    [Fact]
    public void IdempotencyTokens_WhenReadFromTheModel_ShouldBeRedriveExecutionClientTokenOnly()
    {
        run.Models.Where(m => m.Value.IdempotencyTokens.Count > 0).Select(m => $"{m.Key}.{string.Join(',', m.Value.IdempotencyTokens)}")
            .ShouldBe(["states.RedriveExecution.clientToken"]);
    }

    [Fact]
    public void HostPrefix_WhenReadFromTheModel_ShouldBeSyncForStartSyncExecutionOnly()
    {
        run.Models.Where(m => m.Value.HostPrefix is not null).Select(m => $"{m.Key} {m.Value.HostPrefix}").ShouldBe(["states.StartSyncExecution sync-"]);
    }

    [Fact]
    public void Cases_WhenListed_ShouldCoverEveryOperationOurClientsImplement()
    {
        var implemented = new[] { (typeof(StepFunctions.StepFunctionsClient), "states"), (typeof(EventBridge.EventBridgeClient), "events") }
            .SelectMany(client => client.Item1.GetMethods()
                .Where(m => m.DeclaringType == client.Item1 && m.Name.EndsWith("Async", StringComparison.Ordinal))
                .Select(m => $"{client.Item2}.{m.Name[..^"Async".Length]}"));

        implemented.Except(ParityCases.All.Select(c => $"{c.Service}.{c.Operation}")).ShouldBeEmpty();
    }

    private static IReadOnlyList<string> SignatureProblems(string label, CallOutcome outcome) =>
        outcome.Request is { } request
            ? SigV4Check.Problems(request, OfficialSdkRun.SecretAccessKey, LoopbackRoutes.Region, ParityPlan.Requests.Single(c => c.Label == label).Case.Service)
            : [$"nothing was sent: {outcome.Error}"];

    private List<string> WireDifferences(ParityCall call, CallOutcome ours, CallOutcome official)
    {
        var differences = new List<string>();
        foreach (var (side, outcome) in new[] { ("ours", ours), ("official", official) })
        {
            if (outcome.Error is not null || outcome.Request is null)
            {
                differences.Add($"{side} did not complete the call: {outcome.Error}");
            }
        }

        if (ours.Request is not { } mine || official.Request is not { } theirs)
        {
            return differences;
        }

        var prefix = call.DisableHostPrefix ? "" : run.Models[$"{call.Case.Service}.{call.Case.Operation}"].HostPrefix ?? "";
        var host = prefix + run.BaseHost(call);
        var connect = call.Mode == EndpointMode.PublicEndpoint ? host + ":443" : host;
        var checks = new (string What, string? Ours, string? Official, string? Expected)[]
        {
            ("method", mine.Method, theirs.Method, "POST"),
            ("path", mine.Path, theirs.Path, "/"),
            ("Host", mine.Header("Host"), theirs.Header("Host"), host),
            ("connection to", ours.Connect, official.Connect, connect),
            ("TLS server name", mine.ServerName, theirs.ServerName, call.Mode == EndpointMode.PublicEndpoint ? host : null),
            ("Content-Type", mine.Header("Content-Type"), theirs.Header("Content-Type"), call.Case.Service == "states" ? "application/x-amz-json-1.0" : "application/x-amz-json-1.1"),
            ("X-Amz-Target", mine.Header("X-Amz-Target"), theirs.Header("X-Amz-Target"), call.Case.Target),
            ("X-Amz-Security-Token", mine.Header("X-Amz-Security-Token"), theirs.Header("X-Amz-Security-Token"), null),
        };
        foreach (var (what, a, b, expected) in checks)
        {
            if (a != b || (expected is not null && a != expected))
            {
                differences.Add($"{what}: ours '{a}', official '{b}'{(expected is null ? "" : $", expected '{expected}'")}");
            }
        }

        differences.AddRange(JsonDifferences.Between(Body(mine, call), Body(theirs, call)));
        return differences;
    }

    // The body with filled-in idempotency tokens set to one value: each client's own UUID is the one thing that must vary.
    private JsonElement Body(CapturedRequest request, ParityCall call)
    {
        var body = JsonNode.Parse(request.Body)!.AsObject();
        if (call.Case.FillsIdempotencyToken)
        {
            foreach (var member in run.Models[$"{call.Case.Service}.{call.Case.Operation}"].IdempotencyTokens.Where(body.ContainsKey))
            {
                body[member] = "(filled in)";
            }
        }

        return JsonSerializer.SerializeToElement(body);
    }

    private static string? Member(CapturedRequest? request, string member) =>
        request is null ? null : JsonNode.Parse(request.Body)?[member]?.GetValue<string>();

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")]
    private static partial Regex UuidV4();
}
