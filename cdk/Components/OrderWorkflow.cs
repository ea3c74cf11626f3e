using Amazon.CDK;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.StepFunctions;
using Constructs;
using Fulfilment.Cdk.Workflow;

namespace Fulfilment.Cdk.Components;

/// <summary>The <c>order-fulfilment</c> Standard state machine from the ASL file, allowed exactly what its tasks call.</summary>
public sealed class OrderWorkflow : Construct
{
    /// <summary>Creates the state machine and its grants.</summary>
    public OrderWorkflow(Construct scope, string id, FulfilmentStackProps props, WorkflowDefinition definition, ServiceFunctions functions, DataTables tables, IEventBus bus)
        : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(props);
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(functions);
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(bus);

        var substitutions = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["InventoryReserveFunctionArn"] = functions.Get(Catalogue.InventoryReserve).FunctionArn,
            ["InventoryReleaseFunctionArn"] = functions.Get(Catalogue.InventoryRelease).FunctionArn,
            ["InventoryCommitFunctionArn"] = functions.Get(Catalogue.InventoryCommit).FunctionArn,
            ["PaymentChargeFunctionArn"] = functions.Get(Catalogue.PaymentCharge).FunctionArn,
            ["PaymentRefundFunctionArn"] = functions.Get(Catalogue.PaymentRefund).FunctionArn,
            ["NotificationFunctionArn"] = functions.Get(Catalogue.Notification).FunctionArn,
            ["OrdersTableName"] = tables.Orders.TableName,
            ["EventBusName"] = bus.EventBusName,
        };
        Substitutions = substitutions;

        LogGroup = new LogGroup(this, "Logs", new LogGroupProps
        {
            // The /aws/vendedlogs/ prefix keeps the log-group resource policy Step Functions needs small.
            LogGroupName = "/aws/vendedlogs/states/" + props.Name(Catalogue.StateMachineName),
            // One year: the Control Tower minimum (CT.CLOUDWATCH.PR.2); at this volume it costs cents a month.
            Retention = RetentionDays.ONE_YEAR,
            RemovalPolicy = props.IsProduction ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
        });

        StateMachine = new StateMachine(this, "StateMachine", new StateMachineProps
        {
            StateMachineName = props.Name(Catalogue.StateMachineName),
            StateMachineType = StateMachineType.STANDARD,
            DefinitionBody = DefinitionBody.FromString(definition.Text),
            DefinitionSubstitutions = substitutions,
            TracingEnabled = true,
            Logs = new LogOptions
            {
                Destination = LogGroup,
                // ERROR, not ALL: every failed task and execution is logged (what ops need), while a successful
                // order's ~20 state transitions are not paid for as log events. Execution data stays out of the logs:
                // inputs carry payment tokens; the execution history (kept 90 days) has them for whoever may see them.
                Level = LogLevel.ERROR,
                IncludeExecutionData = false,
            },
        });

        // DefinitionBody.FromString hides the tasks from the CDK, so every permission is granted here, narrowly.
        // The ASL invokes the unqualified function ARNs: GrantInvoke would add every version and alias (ARN:*) too.
        StateMachine.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["lambda:InvokeFunction"],
            Resources = [.. new[] { Catalogue.InventoryReserve, Catalogue.InventoryRelease, Catalogue.InventoryCommit, Catalogue.PaymentCharge, Catalogue.PaymentRefund, Catalogue.Notification }
                .Select(spec => functions.Get(spec).FunctionArn)],
        }));

        bus.GrantPutEventsTo(StateMachine);
        // The ASL's own DynamoDB tasks: the status writes (updateItem) and the re-read after a replayed write (getItem).
        tables.Orders.Grant(StateMachine, "dynamodb:UpdateItem", "dynamodb:GetItem");
    }

    /// <summary>The value of every <c>${Name}</c> placeholder of the ASL.</summary>
    public IReadOnlyDictionary<string, string> Substitutions { get; }

    /// <summary>The state machine.</summary>
    public StateMachine StateMachine { get; }

    /// <summary>Where the state machine logs (level ERROR).</summary>
    public LogGroup LogGroup { get; }
}
