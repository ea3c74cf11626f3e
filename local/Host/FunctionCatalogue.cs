using Fulfilment.Storage;

namespace Fulfilment.Local.Host;

/// <summary>One Lambda function of the system: which service executable, which handler, and its settings.</summary>
internal sealed record FunctionSpec(string Name, string Service, string Handler, TimeSpan Timeout);

/// <summary>
/// The functions the CDK app deploys, with the same names, and the ARNs the workflow's placeholders resolve to.
/// One service executable serves several functions; <c>_HANDLER</c> picks the handler (the image CMD in AWS).
/// </summary>
internal static class FunctionCatalogue
{
    public const string Region = "us-east-1";
    public const string Account = "000000000000";
    public const string StateMachineName = "order-fulfilment";
    public const string EventBusName = "fulfilment";
    public const string QueueName = "fulfilment-new-orders";
    public const string DeadLetterQueueName = "fulfilment-new-orders-dlq";

    /// <summary>The Secrets Manager secret with the card processor's key (the CDK stage's default name), served by the edge.</summary>
    public const string PaymentProviderKeySecretName = "fulfilment/payment-provider-api-key";

    /// <summary>Where the payment functions read that key: Parameter Store's reference to the secret, as in AWS.</summary>
    public const string PaymentProviderKeyParameter = "/aws/reference/secretsmanager/" + PaymentProviderKeySecretName;

    public static FunctionSpec OrderIntake { get; } = new("fulfilment-order-intake", "order", "intake", TimeSpan.FromSeconds(30));

    public static FunctionSpec OrderStatus { get; } = new("fulfilment-order-status", "order", "status", TimeSpan.FromSeconds(10));

    public static IReadOnlyList<FunctionSpec> All { get; } =
    [
        OrderIntake,
        OrderStatus,
        new("fulfilment-inventory-reserve", "inventory", "reserve", TimeSpan.FromSeconds(30)),
        new("fulfilment-inventory-release", "inventory", "release", TimeSpan.FromSeconds(30)),
        new("fulfilment-inventory-commit", "inventory", "commit", TimeSpan.FromSeconds(30)),
        new("fulfilment-payment-charge", "payment", "charge", TimeSpan.FromSeconds(60)),
        new("fulfilment-payment-refund", "payment", "refund", TimeSpan.FromSeconds(60)),
        new("fulfilment-notification-notify", "notification", "notify", TimeSpan.FromSeconds(30)),
    ];

    public static string StateMachineArn => $"arn:aws:states:{Region}:{Account}:stateMachine:{StateMachineName}";

    public static string FunctionArn(string name) => $"arn:aws:lambda:{Region}:{Account}:function:{name}";

    /// <summary>The <c>DefinitionSubstitutions</c> of the workflow, as the CDK app passes them in AWS.</summary>
    public static IReadOnlyDictionary<string, string> Substitutions { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["InventoryReserveFunctionArn"] = FunctionArn("fulfilment-inventory-reserve"),
        ["InventoryReleaseFunctionArn"] = FunctionArn("fulfilment-inventory-release"),
        ["InventoryCommitFunctionArn"] = FunctionArn("fulfilment-inventory-commit"),
        ["PaymentChargeFunctionArn"] = FunctionArn("fulfilment-payment-charge"),
        ["PaymentRefundFunctionArn"] = FunctionArn("fulfilment-payment-refund"),
        ["NotificationFunctionArn"] = FunctionArn("fulfilment-notification-notify"),
        ["OrdersTableName"] = FulfilmentTables.Orders.Name,
        ["EventBusName"] = EventBusName,
    };

    /// <summary>The workflow definition with every <c>${Placeholder}</c> replaced; an unknown placeholder is an error.</summary>
    public static string Substitute(string definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var result = System.Text.RegularExpressions.Regex.Replace(definition, @"\$\{([A-Za-z0-9_]+)\}", m =>
            Substitutions.TryGetValue(m.Groups[1].Value, out var value)
                ? value
                : throw new InvalidOperationException($"The workflow uses the placeholder ${{{m.Groups[1].Value}}}, which the local stack does not define. Known: {string.Join(", ", Substitutions.Keys)}."));
        return result;
    }
}
