using Amazon.CDK;

namespace Fulfilment.Cdk;

/// <summary>What differs between stages: names, protection, alarm recipients, external endpoints and limits.</summary>
public sealed class FulfilmentStackProps : StackProps
{
    /// <summary>The stage name, e.g. <c>dev</c> or <c>prod</c>; <c>prod</c> turns on deletion protection and retention.</summary>
    public string Stage { get; set; } = "dev";

    /// <summary>
    /// Prefixed to every fixed resource name (tables, queues, functions, bus, state machine). Empty by default: each
    /// stage lives in its own account, so the names of DESIGN section 7 hold as they are. Set it (e.g. <c>dev-</c>)
    /// when two stages share one account and region.
    /// </summary>
    public string NamePrefix { get; set; } = string.Empty;

    /// <summary>Where alarm notifications go (an SNS e-mail subscription); none when null.</summary>
    public string? AlarmEmail { get; set; }

    /// <summary>The card processor's base URL (not a secret).</summary>
    public string PaymentProviderUrl { get; set; } = "https://payments.example.com/";

    /// <summary>
    /// Name of the Secrets Manager secret (a plain string) holding the card processor's API key. The payment functions
    /// read it at run time through Parameter Store; neither the template nor the functions' configuration holds the
    /// value. Create the secret before the first order (docs/deploy.md).
    /// </summary>
    public string PaymentProviderApiKeySecretName { get; set; } = "fulfilment/payment-provider-api-key";

    /// <summary>The customer-notification webhook URL.</summary>
    public string NotificationWebhookUrl { get; set; } = "https://notifications.example.com/webhook";

    /// <summary>
    /// Reserved concurrency of the charge function: it caps the calls the card processor sees. 0 leaves it unreserved
    /// (needed on a fresh account whose concurrency quota is below 100 + this value).
    /// </summary>
    public int PaymentConcurrency { get; set; } = 20;

    /// <summary>Most concurrent intake invocations the queue's event source starts (protects DynamoDB and StartExecution).</summary>
    public int IntakeMaxConcurrency { get; set; } = 10;

    /// <summary>Steady-state requests per second of the storefront usage plan.</summary>
    public double ApiRateLimit { get; set; } = 50;

    /// <summary>Burst of the storefront usage plan.</summary>
    public int ApiBurstLimit { get; set; } = 100;

    /// <summary>Steady-state requests per second of the whole API stage, all keys together.</summary>
    public double ApiStageRateLimit { get; set; } = 200;

    /// <summary>Burst of the whole API stage, all keys together.</summary>
    public int ApiStageBurstLimit { get; set; } = 400;

    /// <summary>Requests per day of the storefront usage plan.</summary>
    public int ApiDailyQuota { get; set; } = 100_000;

    /// <summary>Accounts of downstream teams allowed to create their own rules on the bus (docs/deploy.md).</summary>
    public IReadOnlyList<string> SubscriberAccounts { get; set; } = [];

    /// <summary>True for the production stage.</summary>
    public bool IsProduction => string.Equals(Stage, "prod", StringComparison.Ordinal);

    /// <summary>A fixed resource name with this stage's prefix.</summary>
    public string Name(string baseName) => NamePrefix + baseName;
}
