using Amazon.CDK;
using Fulfilment.Cdk;

// One stack for the stage named by the context (cdk.json default, or -c stage=prod). Account and region come from
// the CLI's profile (CDK_DEFAULT_*); synth works without either (environment-agnostic template).
var repository = RepositoryLayout.Discover();
// Run by the CLI the app gets cdk.json's context from it; run with `dotnet run` it reads the same file itself.
var app = new App(new AppProps { Context = CdkJson.ContextUnlessRunByTheCli(repository) });
var props = StageSettings.FromContext(app.Node);
props.Env = new Amazon.CDK.Environment
{
    Account = System.Environment.GetEnvironmentVariable("CDK_DEFAULT_ACCOUNT"),
    Region = System.Environment.GetEnvironmentVariable("CDK_DEFAULT_REGION"),
};
_ = new FulfilmentStack(app, "Fulfilment-" + props.Stage, props, repository);
app.Synth();
