using Amazon.CDK;
using Fulfilment.Cdk;

// One stack for the stage named by the context (cdk.json default, or -c stage=prod). Account and region come from
// the CLI's profile (CDK_DEFAULT_*); synth works without either (environment-agnostic template).
var app = new App();
var props = StageSettings.FromContext(app.Node);
props.Env = new Amazon.CDK.Environment
{
    Account = System.Environment.GetEnvironmentVariable("CDK_DEFAULT_ACCOUNT"),
    Region = System.Environment.GetEnvironmentVariable("CDK_DEFAULT_REGION"),
};
_ = new FulfilmentStack(app, "Fulfilment-" + props.Stage, props, RepositoryLayout.Discover());
app.Synth();
