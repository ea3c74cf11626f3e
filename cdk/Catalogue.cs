namespace Fulfilment.Cdk;

/// <summary>One Lambda function: its name, the service image it runs, the handler (image CMD) and its sizing.</summary>
public sealed record FunctionSpec(string Name, string Service, string Handler, int MemoryMb, TimeSpan Timeout);

/// <summary>
/// The fixed names of DESIGN section 7 and the functions the stack deploys: the same names, services and handlers
/// the local stack runs (local/Host/FunctionCatalogue.cs); the tests check handlers and variables against the services.
/// </summary>
public static class Catalogue
{
    /// <summary>The state machine's name.</summary>
    public const string StateMachineName = "order-fulfilment";

    /// <summary>The event bus the workflow publishes <c>OrderStatusChanged</c> to.</summary>
    public const string EventBusName = "fulfilment";

    /// <summary>The queue API Gateway sends new orders to.</summary>
    public const string QueueName = "fulfilment-new-orders";

    /// <summary>Where messages go after <see cref="MaxReceiveCount"/> failed deliveries.</summary>
    public const string DeadLetterQueueName = "fulfilment-new-orders-dlq";

    /// <summary>Deliveries before a message moves to the DLQ (DESIGN section 1).</summary>
    public const int MaxReceiveCount = 3;

    /// <summary>The event source of the status events (DESIGN section 1).</summary>
    public const string EventSource = "fulfilment.orders";

    /// <summary>SQS intake: records the order and starts its execution.</summary>
    public static FunctionSpec OrderIntake { get; } = new("fulfilment-order-intake", "order", "intake", 256, TimeSpan.FromSeconds(30));

    /// <summary><c>GET /orders/{orderId}</c>.</summary>
    public static FunctionSpec OrderStatus { get; } = new("fulfilment-order-status", "order", "status", 256, TimeSpan.FromSeconds(10));

    /// <summary>Reserves stock (one TransactWriteItems).</summary>
    public static FunctionSpec InventoryReserve { get; } = new("fulfilment-inventory-reserve", "inventory", "reserve", 256, TimeSpan.FromSeconds(30));

    /// <summary>Releases a reservation (compensation).</summary>
    public static FunctionSpec InventoryRelease { get; } = new("fulfilment-inventory-release", "inventory", "release", 256, TimeSpan.FromSeconds(30));

    /// <summary>Moves reserved stock to sold.</summary>
    public static FunctionSpec InventoryCommit { get; } = new("fulfilment-inventory-commit", "inventory", "commit", 256, TimeSpan.FromSeconds(30));

    /// <summary>Charges the card processor; its Polly pipeline retries inside the 60 s.</summary>
    public static FunctionSpec PaymentCharge { get; } = new("fulfilment-payment-charge", "payment", "charge", 256, TimeSpan.FromSeconds(60));

    /// <summary>Refunds a capture (compensation).</summary>
    public static FunctionSpec PaymentRefund { get; } = new("fulfilment-payment-refund", "payment", "refund", 256, TimeSpan.FromSeconds(60));

    /// <summary>Calls the customer-notification webhook.</summary>
    public static FunctionSpec Notification { get; } = new("fulfilment-notification-notify", "notification", "notify", 256, TimeSpan.FromSeconds(30));

    /// <summary>Every function, in a stable order.</summary>
    public static IReadOnlyList<FunctionSpec> All { get; } =
        [OrderIntake, OrderStatus, InventoryReserve, InventoryRelease, InventoryCommit, PaymentCharge, PaymentRefund, Notification];

    /// <summary>Parameter Store's reserved path that reads a Secrets Manager secret by name (services/payment ParameterStorePaymentProviderKey).</summary>
    public const string SecretsManagerReferencePrefix = "/aws/reference/secretsmanager/";

    /// <summary>The environment variables the services read (their own constants; tests compare the two).</summary>
    public static class Variables
    {
        /// <summary>services/order OrderFunction.TableNameVariable.</summary>
        public const string OrdersTable = "ORDERS_TABLE_NAME";

        /// <summary>services/order OrderFunction.StateMachineArnVariable.</summary>
        public const string StateMachineArn = "STATE_MACHINE_ARN";

        /// <summary>services/inventory InventoryOptions.TableNameVariable.</summary>
        public const string InventoryTable = "INVENTORY_TABLE_NAME";

        /// <summary>services/payment PaymentFunction.TableNameVariable.</summary>
        public const string PaymentsTable = "PAYMENTS_TABLE_NAME";

        /// <summary>services/payment PaymentProviderOptions.UrlVariable.</summary>
        public const string PaymentProviderUrl = "PAYMENT_PROVIDER_URL";

        /// <summary>services/payment PaymentProviderOptions.ApiKeyParameterVariable: where the key is read at run time.</summary>
        public const string PaymentProviderApiKeyParameter = "PAYMENT_PROVIDER_API_KEY_PARAMETER";

        /// <summary>services/notification NotificationFunction.TableNameVariable.</summary>
        public const string NotificationsTable = "NOTIFICATIONS_TABLE_NAME";

        /// <summary>services/notification WebhookNotificationSender.UrlVariable.</summary>
        public const string NotificationWebhookUrl = "NOTIFICATION_WEBHOOK_URL";
    }
}
