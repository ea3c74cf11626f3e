using System.Text.Json.Nodes;
using Fulfilment.Storage;

namespace Fulfilment.Cdk.Tests;

/// <summary>IAM: every principal gets only the actions and resources it uses (no wildcards where a narrower one exists).</summary>
[Collection(CdkCollection.Name)]
public sealed class LeastPrivilegeTests(SynthesizedApp app)
{
    // Actions AWS defines only on "*": X-Ray trace upload and the log-delivery calls Step Functions logging needs.
    private static readonly HashSet<string> ResourceStarActions = new(StringComparer.Ordinal)
    {
        "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets",
        "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
        "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups",
    };

    [Fact]
    public void Policies_WhenSynthesized_ShouldHaveNoWildcardActions()
    {
        var wildcards = AllStatements().SelectMany(s => s.Actions()).Where(a => a == "*" || a.EndsWith(":*", StringComparison.Ordinal)).ToList();
        Assert.Empty(wildcards);
    }

    [Fact]
    public void Policies_WhenSynthesized_ShouldUseResourceStarOnlyForActionsThatRequireIt()
    {
        var offenders = AllStatements()
            .Where(s => s.ResourceTargets().Contains("*"))
            .SelectMany(s => s.Actions())
            .Where(a => !ResourceStarActions.Contains(a))
            .ToList();
        Assert.Empty(offenders);
    }

    public static TheoryData<string, string> FunctionTables => new()
    {
        { Catalogue.OrderIntake.Name, FulfilmentTables.Orders.Name },
        { Catalogue.OrderStatus.Name, FulfilmentTables.Orders.Name },
        { Catalogue.InventoryReserve.Name, FulfilmentTables.Inventory.Name },
        { Catalogue.InventoryRelease.Name, FulfilmentTables.Inventory.Name },
        { Catalogue.InventoryCommit.Name, FulfilmentTables.Inventory.Name },
        { Catalogue.PaymentCharge.Name, FulfilmentTables.Payments.Name },
        { Catalogue.PaymentRefund.Name, FulfilmentTables.Payments.Name },
        { Catalogue.Notification.Name, FulfilmentTables.Notifications.Name },
    };

    [Theory]
    [MemberData(nameof(FunctionTables))]
    public void Function_WhenSynthesized_ShouldTouchOnlyItsOwnTable(string function, string table)
    {
        var tableId = app.ProdJson.IdWhere("AWS::DynamoDB::Table", "TableName", table);
        var targets = DynamoStatements(RoleOfFunction(function)).SelectMany(s => s.ResourceTargets()).Distinct().ToList();
        Assert.All(targets, t => Assert.StartsWith(tableId, t, StringComparison.Ordinal));
    }

    public static TheoryData<string, string[]> FunctionTableActions => new()
    {
        { Catalogue.OrderIntake.Name, ["dynamodb:PutItem"] },
        { Catalogue.OrderStatus.Name, ["dynamodb:GetItem"] },
        { Catalogue.InventoryReserve.Name, ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"] },
        { Catalogue.InventoryRelease.Name, ["dynamodb:GetItem", "dynamodb:UpdateItem"] },
        { Catalogue.InventoryCommit.Name, ["dynamodb:GetItem", "dynamodb:UpdateItem"] },
        { Catalogue.PaymentCharge.Name, ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"] },
        { Catalogue.PaymentRefund.Name, ["dynamodb:GetItem", "dynamodb:UpdateItem"] },
        { Catalogue.Notification.Name, ["dynamodb:PutItem", "dynamodb:UpdateItem"] },
    };

    [Theory]
    [MemberData(nameof(FunctionTableActions))]
    public void Function_WhenSynthesized_ShouldHaveOnlyTheTableActionsItsHandlerUses(string function, string[] actions)
    {
        var granted = DynamoStatements(RoleOfFunction(function)).SelectMany(s => s.Actions()).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(actions, granted);
    }

    [Fact]
    public void StateMachine_WhenSynthesized_ShouldInvokeOnlyItsSixFunctions()
    {
        var expected = new[] { Catalogue.InventoryReserve, Catalogue.InventoryRelease, Catalogue.InventoryCommit, Catalogue.PaymentCharge, Catalogue.PaymentRefund, Catalogue.Notification }
            .Select(f => app.ProdJson.FunctionId(f.Name)).Order(StringComparer.Ordinal);
        var invoked = StateMachineStatements().Where(s => s.Actions().Contains("lambda:InvokeFunction"))
            .SelectMany(s => s.ResourceTargets()).Select(t => t.Split(':')[0]).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(expected, invoked);
    }

    [Fact]
    public void StateMachine_WhenSynthesized_ShouldPutEventsOnlyOnItsBus()
    {
        var busId = app.ProdJson.IdWhere("AWS::Events::EventBus", "Name", Catalogue.EventBusName);
        var targets = StateMachineStatements().Where(s => s.Actions().Contains("events:PutEvents")).SelectMany(s => s.ResourceTargets()).Distinct();
        Assert.Equal([busId], targets);
    }

    [Fact]
    public void StateMachine_WhenSynthesized_ShouldOnlyUseTheDynamoDbActionsOfItsAslOnTheOrdersTable()
    {
        var ordersId = app.ProdJson.IdWhere("AWS::DynamoDB::Table", "TableName", FulfilmentTables.Orders.Name);
        var dynamo = StateMachineStatements().Where(s => s.Actions().Any(a => a.StartsWith("dynamodb:", StringComparison.Ordinal))).ToList();

        // What the workflow's own tasks call (arn:aws:states:::dynamodb:updateItem → dynamodb:UpdateItem), nothing more.
        var asl = File.ReadAllText(app.Repository.WorkflowDefinitionPath);
        var used = System.Text.RegularExpressions.Regex.Matches(asl, @"arn:aws:states:::dynamodb:(\w+)")
            .Select(m => "dynamodb:" + char.ToUpperInvariant(m.Groups[1].Value[0]) + m.Groups[1].Value[1..])
            .Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(
            $"{string.Join(',', used)} on {ordersId}",
            $"{string.Join(',', dynamo.SelectMany(s => s.Actions()).Distinct().Order(StringComparer.Ordinal))} on {string.Join(',', dynamo.SelectMany(s => s.ResourceTargets()).Distinct())}");
    }

    [Fact]
    public void ApiRole_WhenSynthesized_ShouldOnlySendMessagesToTheNewOrdersQueue()
    {
        var queueId = app.ProdJson.IdWhere("AWS::SQS::Queue", "QueueName", Catalogue.QueueName);
        var method = app.ProdJson.Resources("AWS::ApiGateway::Method").Single(m => (string?)m.Resource.Properties()["HttpMethod"] == "POST");
        var roleId = (string)method.Resource.Properties()["Integration"]!["Credentials"]!["Fn::GetAtt"]![0]!;
        var statements = app.ProdJson.StatementsOf(roleId);
        Assert.Equal($"sqs:SendMessage on {queueId}", $"{string.Join(',', statements.SelectMany(s => s.Actions()))} on {string.Join(',', statements.SelectMany(s => s.ResourceTargets()))}");
    }

    [Fact]
    public void IntakeFunction_WhenSynthesized_ShouldStartExecutionsOfTheStateMachineOnly()
    {
        var machineId = app.ProdJson.Resources("AWS::StepFunctions::StateMachine").Single().Id;
        var targets = app.ProdJson.StatementsOf(RoleOfFunction(Catalogue.OrderIntake.Name))
            .Where(s => s.Actions().Contains("states:StartExecution")).SelectMany(s => s.ResourceTargets()).Distinct();
        Assert.Equal([machineId], targets);
    }

    private string RoleOfFunction(string name) => app.ProdJson.RoleOf(app.ProdJson.FunctionId(name));

    private IEnumerable<JsonObject> DynamoStatements(string roleId) =>
        app.ProdJson.StatementsOf(roleId).Where(s => s.Actions().Any(a => a.StartsWith("dynamodb:", StringComparison.Ordinal)));

    private IReadOnlyList<JsonObject> StateMachineStatements()
    {
        var machine = app.ProdJson.Resources("AWS::StepFunctions::StateMachine").Single().Id;
        return app.ProdJson.StatementsOf(app.ProdJson.RoleOf(machine, "RoleArn"));
    }

    private IEnumerable<JsonObject> AllStatements() =>
        app.ProdJson.Resources("AWS::IAM::Policy").SelectMany(p => p.Resource.Properties()["PolicyDocument"]!["Statement"]!.AsArray().Select(s => s!.AsObject()));
}
