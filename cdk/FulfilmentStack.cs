using Amazon.CDK;
using Constructs;
using Fulfilment.Cdk.Components;
using Fulfilment.Cdk.Workflow;

namespace Fulfilment.Cdk;

/// <summary>One stage of Fulfilment in one account and region: tables, functions, queue, workflow, bus, API, alarms.</summary>
public sealed class FulfilmentStack : Stack
{
    /// <summary>Builds the whole stage from the repository's definitions.</summary>
    public FulfilmentStack(Construct scope, string id, FulfilmentStackProps props, RepositoryLayout repository)
        : base(scope, id, props)
    {
        ArgumentNullException.ThrowIfNull(props);
        ArgumentNullException.ThrowIfNull(repository);
        Tables = new DataTables(this, "Tables", props);
        Functions = new ServiceFunctions(this, "Functions", props, repository, Tables);
        Intake = new OrderIntake(this, "Intake", props, Functions);
        Events = new OrderEvents(this, "Events", props);
        Workflow = new OrderWorkflow(this, "Workflow", props, WorkflowDefinition.Load(repository.WorkflowDefinitionPath), Functions, Tables, Events.Bus);

        var intakeFunction = Functions.Get(Catalogue.OrderIntake);
        intakeFunction.AddEnvironment(Catalogue.Variables.StateMachineArn, Workflow.StateMachine.StateMachineArn);
        Workflow.StateMachine.GrantStartExecution(intakeFunction);

        Api = new OrdersApi(this, "Api", props, Intake, Functions);
        Monitoring = new Monitoring(this, "Monitoring", props, Intake, Workflow, Api, Functions, Events);

        GuardSuppressions.ApplyTo(this);
        LintSuppressions.ApplyTo(this);
        NagSuppressions.ApplyTo(this);

        _ = new CfnOutput(this, "ApiUrl", new CfnOutputProps { Value = Api.Api.Url, Description = "Base URL of the orders API (this stage)." });
        _ = new CfnOutput(this, "StateMachineArn", new CfnOutputProps { Value = Workflow.StateMachine.StateMachineArn });
        _ = new CfnOutput(this, "DeadLetterQueueUrl", new CfnOutputProps { Value = Intake.DeadLetterQueue.QueueUrl });
        _ = new CfnOutput(this, "EventBusArn", new CfnOutputProps { Value = Events.Bus.EventBusArn });
    }

    /// <summary>The four tables.</summary>
    public DataTables Tables { get; }

    /// <summary>The Lambda functions.</summary>
    public ServiceFunctions Functions { get; }

    /// <summary>Queue, DLQ and the intake event source.</summary>
    public OrderIntake Intake { get; }

    /// <summary>The bus, archive, schema and subscriber rules.</summary>
    public OrderEvents Events { get; }

    /// <summary>The state machine.</summary>
    public OrderWorkflow Workflow { get; }

    /// <summary>The REST API.</summary>
    public OrdersApi Api { get; }

    /// <summary>Alarms and dashboard.</summary>
    public Monitoring Monitoring { get; }
}
