using System.Text.Json.Nodes;
using Amazon.CDK;
using Amazon.CDK.Assertions;
using Fulfilment.Emulators;

namespace Fulfilment.Cdk.Tests;

/// <summary>
/// Synthesizes the app once for the whole assembly: a prod stage (alarm e-mail, a subscriber account) and a dev stage,
/// with the context of cdk.json, into a temporary cloud assembly that the tests read (templates, asset manifests).
/// </summary>
public sealed class SynthesizedApp : IDisposable
{
    public const string SubscriberAccount = "111122223333";

    public SynthesizedApp()
    {
        // jsii starts node with this process's environment: silence its warning about Node 20 before the first call.
        System.Environment.SetEnvironmentVariable("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
        Repository = new RepositoryLayout(RepositoryPaths.FindRoot());
        OutDir = Directory.CreateTempSubdirectory("fulfilment-cdk-tests-").FullName;

        var app = new App(new AppProps { Outdir = OutDir, Context = CdkJsonContext(Repository) });
        ProdProps = new FulfilmentStackProps { Stage = "prod", AlarmEmail = "ops@example.com", SubscriberAccounts = [SubscriberAccount] };
        DevProps = new FulfilmentStackProps { Stage = "dev" };
        Prod = new FulfilmentStack(app, "Fulfilment-prod", ProdProps, Repository);
        Dev = new FulfilmentStack(app, "Fulfilment-dev", DevProps, Repository);
        app.Synth();

        ProdTemplatePath = Path.Combine(OutDir, "Fulfilment-prod.template.json");
        DevTemplatePath = Path.Combine(OutDir, "Fulfilment-dev.template.json");
        ProdJson = JsonNode.Parse(File.ReadAllText(ProdTemplatePath))!.AsObject();
        DevJson = JsonNode.Parse(File.ReadAllText(DevTemplatePath))!.AsObject();
        ProdTemplate = Template.FromString(File.ReadAllText(ProdTemplatePath));
        DevTemplate = Template.FromString(File.ReadAllText(DevTemplatePath));
    }

    public RepositoryLayout Repository { get; }

    public string OutDir { get; }

    public FulfilmentStackProps ProdProps { get; }

    public FulfilmentStackProps DevProps { get; }

    public FulfilmentStack Prod { get; }

    public FulfilmentStack Dev { get; }

    public string ProdTemplatePath { get; }

    public string DevTemplatePath { get; }

    public Template ProdTemplate { get; }

    public Template DevTemplate { get; }

    public JsonObject ProdJson { get; }

    public JsonObject DevJson { get; }

    public JsonObject AssetManifest(string stackName) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(OutDir, stackName + ".assets.json")))!.AsObject();

    public void Dispose()
    {
        try
        {
            Directory.Delete(OutDir, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless; failing the run for it is not.
        }
    }

    // The feature flags of cdk.json, so the tests see the template `npx cdk synth` produces (the stages are set here).
    private static Dictionary<string, object> CdkJsonContext(RepositoryLayout repository) =>
        CdkJson.Context(repository).Where(p => p.Key.StartsWith('@')).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}

[CollectionDefinition(Name)]
public sealed class CdkCollection : ICollectionFixture<SynthesizedApp>
{
    public const string Name = "cdk";
}
