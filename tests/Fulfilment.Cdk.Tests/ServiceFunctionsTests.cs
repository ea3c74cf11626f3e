using System.Text.Json.Nodes;
using Amazon.CDK.Assertions;
using Fulfilment.Inventory;
using Fulfilment.Inventory.Hosting;
using Fulfilment.Notification.Hosting;
using Fulfilment.Notification.Sending;
using Fulfilment.Order;
using Fulfilment.Payment.Hosting;
using Fulfilment.Payment.Provider;

namespace Fulfilment.Cdk.Tests;

[Collection(CdkCollection.Name)]
public sealed class ServiceFunctionsTests(SynthesizedApp app)
{
    public static TheoryData<string> FunctionNames => [.. Catalogue.All.Select(f => f.Name)];

    [Theory]
    [MemberData(nameof(FunctionNames))]
    public void Function_WhenSynthesized_ShouldRunItsServiceImageWithTheHandlerAsCmd(string name)
    {
        var spec = Catalogue.All.Single(f => f.Name == name);
        app.ProdTemplate.HasResourceProperties("AWS::Lambda::Function", new Dictionary<string, object>
        {
            ["FunctionName"] = spec.Name,
            ["PackageType"] = "Image",
            ["ImageConfig"] = new Dictionary<string, object> { ["Command"] = new[] { spec.Handler } },
            ["Architectures"] = new[] { "x86_64" },
            ["MemorySize"] = spec.MemoryMb,
            ["Timeout"] = (int)spec.Timeout.TotalSeconds,
            ["TracingConfig"] = new Dictionary<string, object> { ["Mode"] = "Active" },
            ["LoggingConfig"] = Match.ObjectLike(new Dictionary<string, object> { ["LogFormat"] = "JSON" }),
        });
    }

    [Fact]
    public void ImageAssets_WhenSynthesized_ShouldBuildDockerfileBaseOncePerServiceForAmd64()
    {
        var images = app.AssetManifest("Fulfilment-prod")["dockerImages"]!.AsObject()
            .Select(p => p.Value!["source"]!)
            .Select(s => ((string)s["dockerFile"]!, (string)s["dockerBuildArgs"]!["SERVICE"]!, (string)s["platform"]!))
            .OrderBy(s => s.Item2, StringComparer.Ordinal);
        Assert.Equal(
            [("Dockerfile.base", "inventory", "linux/amd64"), ("Dockerfile.base", "notification", "linux/amd64"), ("Dockerfile.base", "order", "linux/amd64"), ("Dockerfile.base", "payment", "linux/amd64")],
            images);
    }

    [Fact]
    public void ImageAssets_WhenStaged_ShouldHoldOnlyWhatDockerfileBaseCopies()
    {
        var staged = app.AssetManifest("Fulfilment-prod")["dockerImages"]!.AsObject()
            .Select(p => Path.Combine(app.OutDir, (string)p.Value!["source"]!["directory"]!))
            .First();
        var top = Directory.EnumerateFileSystemEntries(staged).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(["Directory.Build.props", "Directory.Packages.props", "Dockerfile.base", "contracts", "global.json", "platform", "scripts", "services"], top);
    }

    [Fact]
    public void Catalogue_WhenComparedWithTheServices_ShouldNameTheirHandlers()
    {
        string[] services =
        [
            .. OrderFunction.Handlers.Select(h => "order:" + h),
            "inventory:" + InventoryFunction.Reserve, "inventory:" + InventoryFunction.Release, "inventory:" + InventoryFunction.Commit,
            "payment:" + PaymentFunction.Charge, "payment:" + PaymentFunction.Refund,
            "notification:" + NotificationFunction.Notify,
        ];
        Assert.Equal(services.Order(StringComparer.Ordinal), Catalogue.All.Select(f => f.Service + ":" + f.Handler).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void CatalogueVariables_WhenComparedWithTheServices_ShouldBeTheNamesTheyRead()
    {
        Assert.Equal(
            [
                OrderFunction.TableNameVariable, OrderFunction.StateMachineArnVariable, InventoryOptions.TableNameVariable,
                PaymentFunction.TableNameVariable, PaymentProviderOptions.UrlVariable, PaymentProviderOptions.ApiKeyParameterVariable,
                NotificationFunction.TableNameVariable, WebhookNotificationSender.UrlVariable,
            ],
            [
                Catalogue.Variables.OrdersTable, Catalogue.Variables.StateMachineArn, Catalogue.Variables.InventoryTable,
                Catalogue.Variables.PaymentsTable, Catalogue.Variables.PaymentProviderUrl, Catalogue.Variables.PaymentProviderApiKeyParameter,
                Catalogue.Variables.NotificationsTable, Catalogue.Variables.NotificationWebhookUrl,
            ]);
    }

    public static TheoryData<string, string[]> ExpectedVariables => new()
    {
        { Catalogue.OrderIntake.Name, [Catalogue.Variables.OrdersTable, Catalogue.Variables.StateMachineArn] },
        { Catalogue.OrderStatus.Name, [Catalogue.Variables.OrdersTable] },
        { Catalogue.InventoryReserve.Name, [Catalogue.Variables.InventoryTable] },
        { Catalogue.InventoryRelease.Name, [Catalogue.Variables.InventoryTable] },
        { Catalogue.InventoryCommit.Name, [Catalogue.Variables.InventoryTable] },
        { Catalogue.PaymentCharge.Name, [Catalogue.Variables.PaymentProviderApiKeyParameter, Catalogue.Variables.PaymentProviderUrl, Catalogue.Variables.PaymentsTable] },
        { Catalogue.PaymentRefund.Name, [Catalogue.Variables.PaymentProviderApiKeyParameter, Catalogue.Variables.PaymentProviderUrl, Catalogue.Variables.PaymentsTable] },
        { Catalogue.Notification.Name, [Catalogue.Variables.NotificationWebhookUrl, Catalogue.Variables.NotificationsTable] },
    };

    [Theory]
    [MemberData(nameof(ExpectedVariables))]
    public void Function_WhenSynthesized_ShouldGetExactlyTheVariablesItsServiceReads(string name, string[] expected)
    {
        var variables = Variables(name).Select(v => v.Key).Order(StringComparer.Ordinal);
        Assert.Equal(expected.Order(StringComparer.Ordinal), variables);
    }

    [Fact]
    public void PaymentApiKey_WhenSynthesized_ShouldBeReadAtRunTimeThroughTheSecretsManagerReferenceParameter()
    {
        var value = (string?)Variables(Catalogue.PaymentCharge.Name).Single(v => v.Key == Catalogue.Variables.PaymentProviderApiKeyParameter).Value;
        Assert.Equal(ParameterStorePaymentProviderKey.SecretsManagerReferencePrefix + app.ProdProps.PaymentProviderApiKeySecretName, value);
    }

    [Fact]
    public void Template_WhenSynthesized_ShouldHoldNoSecretsManagerDynamicReference()
    {
        Assert.DoesNotContain("{{resolve:secretsmanager:", app.ProdJson.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ChargeFunction_WhenSynthesized_ShouldReserveConcurrencyToProtectTheCardProcessor()
    {
        app.ProdTemplate.HasResourceProperties("AWS::Lambda::Function", new Dictionary<string, object>
        {
            ["FunctionName"] = Catalogue.PaymentCharge.Name,
            ["ReservedConcurrentExecutions"] = app.ProdProps.PaymentConcurrency,
        });
    }

    private JsonObject Variables(string functionName)
    {
        var id = app.ProdJson.FunctionId(functionName);
        return app.ProdJson["Resources"]![id]!["Properties"]!["Environment"]!["Variables"]!.AsObject();
    }
}
