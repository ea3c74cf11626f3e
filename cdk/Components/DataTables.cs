using Amazon.CDK;
using Amazon.CDK.AWS.DynamoDB;
using Constructs;
using Fulfilment.Storage;

namespace Fulfilment.Cdk.Components;

/// <summary>The four tables, built from <see cref="FulfilmentTables"/>: the very definitions the local stack creates.</summary>
public sealed class DataTables : Construct
{
    /// <summary>Creates every table of <see cref="FulfilmentTables.All"/>.</summary>
    public DataTables(Construct scope, string id, FulfilmentStackProps props)
        : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(props);
        Orders = Create(FulfilmentTables.Orders, props);
        Inventory = Create(FulfilmentTables.Inventory, props);
        Payments = Create(FulfilmentTables.Payments, props);
        Notifications = Create(FulfilmentTables.Notifications, props);
    }

    /// <summary>Orders and their status history (order service, and the workflow's status writes).</summary>
    public Table Orders { get; }

    /// <summary>Stock and reservations (inventory service).</summary>
    public Table Inventory { get; }

    /// <summary>Payment records (payment service).</summary>
    public Table Payments { get; }

    /// <summary>Notification dedupe records (notification service).</summary>
    public Table Notifications { get; }

    private Table Create(TableDefinition definition, FulfilmentStackProps props) =>
        new(this, definition.OwningService, new TableProps
        {
            TableName = props.Name(definition.Name),
            PartitionKey = new Amazon.CDK.AWS.DynamoDB.Attribute { Name = definition.PartitionKey, Type = AttributeType.STRING },
            SortKey = new Amazon.CDK.AWS.DynamoDB.Attribute { Name = definition.SortKey, Type = AttributeType.STRING },
            TimeToLiveAttribute = definition.TimeToLiveAttribute,
            // TableDefinition.BillingMode (PAY_PER_REQUEST for every table; a test compares): nothing paid at rest.
            BillingMode = BillingMode.PAY_PER_REQUEST,
            PointInTimeRecovery = true,
            // The AWS-owned key of DynamoDB (aws/dynamodb, SSEType KMS): KMS encryption without a $1/month customer key.
            Encryption = TableEncryption.AWS_MANAGED,
            DeletionProtection = props.IsProduction,
            RemovalPolicy = props.IsProduction ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
        });
}
