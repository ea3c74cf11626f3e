using Amazon.CDK.Assertions;
using Fulfilment.Cdk.Workflow;

namespace Fulfilment.Cdk.Tests;

[Collection(CdkCollection.Name)]
public sealed class OrderWorkflowTests(SynthesizedApp app)
{
    private WorkflowDefinition Definition => WorkflowDefinition.Load(app.Repository.WorkflowDefinitionPath);

    [Fact]
    public void Substitutions_WhenComparedWithTheAsl_ShouldCoverExactlyEveryPlaceholder()
    {
        Assert.Equal(Definition.Placeholders(), app.Prod.Workflow.Substitutions.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Placeholders_WhenParsed_ShouldFindTheWorkflowsResourceReferences()
    {
        // Guards the parser itself: the ASL names its functions, table and bus only through placeholders.
        Assert.Contains("OrdersTableName", Definition.Placeholders());
    }

    [Fact]
    public void StateMachine_WhenSynthesized_ShouldCarryTheAslFileUnchangedWithItsSubstitutions()
    {
        var machine = app.ProdJson.Resources("AWS::StepFunctions::StateMachine").Single().Resource.Properties();
        Assert.Equal(
            (Definition.Text, string.Join(',', Definition.Placeholders())),
            ((string)machine["DefinitionString"]!, string.Join(',', machine["DefinitionSubstitutions"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal))));
    }

    [Fact]
    public void StateMachine_WhenSynthesized_ShouldBeStandardWithErrorLoggingAndTracing()
    {
        app.ProdTemplate.HasResourceProperties("AWS::StepFunctions::StateMachine", new Dictionary<string, object>
        {
            ["StateMachineName"] = Catalogue.StateMachineName,
            ["StateMachineType"] = "STANDARD",
            ["TracingConfiguration"] = new Dictionary<string, object> { ["Enabled"] = true },
            ["LoggingConfiguration"] = Match.ObjectLike(new Dictionary<string, object> { ["Level"] = "ERROR", ["IncludeExecutionData"] = false }),
        });
    }
}
