using Amazon.CDK;
using Amazon.CDK.AWS.Ecr.Assets;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;
using Constructs;

namespace Fulfilment.Cdk.Components;

/// <summary>
/// Every function as a <see cref="DockerImageFunction"/> built from <c>Dockerfile.base</c> (one image per service,
/// the handler as the image CMD), each allowed exactly the table actions its handler performs.
/// </summary>
public sealed class ServiceFunctions : Construct
{
    /// <summary>
    /// The Docker build context is the repository root, but the recipe copies only these paths: everything else
    /// (bin/obj, node_modules, .git, cdk.out) is left out of the asset so its hash and upload stay small and stable.
    /// </summary>
    public static IReadOnlyList<string> AssetExcludes { get; } =
    [
        "*",
        "!" + RepositoryLayout.DockerfileName,
        "!global.json",
        "!Directory.Build.props",
        "!Directory.Packages.props",
        "!contracts",
        "!platform",
        "!services",
        "!scripts",
        "**/bin",
        "**/obj",
        "**/node_modules",
    ];

    private readonly Dictionary<string, DockerImageFunction> _byName = new(StringComparer.Ordinal);

    /// <summary>Creates the functions of <see cref="Catalogue.All"/> and grants each its table actions.</summary>
    public ServiceFunctions(Construct scope, string id, FulfilmentStackProps props, RepositoryLayout repository, DataTables tables)
        : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(props);
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(tables);

        var ordersEnv = new Dictionary<string, string> { [Catalogue.Variables.OrdersTable] = tables.Orders.TableName };
        var inventoryEnv = new Dictionary<string, string> { [Catalogue.Variables.InventoryTable] = tables.Inventory.TableName };
        var paymentEnv = new Dictionary<string, string>
        {
            [Catalogue.Variables.PaymentsTable] = tables.Payments.TableName,
            [Catalogue.Variables.PaymentProviderUrl] = props.PaymentProviderUrl,
            // Not the key: where the service reads it at run time (GetParameter through Parameter Store's reference to the
            // Secrets Manager secret), cached briefly. A key resolved into the environment at deploy time would be
            // readable by anyone allowed lambda:GetFunctionConfiguration, and stale after every rotation until a deploy.
            [Catalogue.Variables.PaymentProviderApiKeyParameter] = Catalogue.SecretsManagerReferencePrefix + props.PaymentProviderApiKeySecretName,
        };
        var notificationEnv = new Dictionary<string, string>
        {
            [Catalogue.Variables.NotificationsTable] = tables.Notifications.TableName,
            [Catalogue.Variables.NotificationWebhookUrl] = props.NotificationWebhookUrl,
        };

        // Each function is allowed the table actions its handler sends, as services/<service>/aws-calls.json lists them
        // (a test records the calls; another simulates them against these roles). TransactWriteItems is authorized per
        // item: Put needs PutItem, Update needs UpdateItem.
        // Intake writes the order and its idempotency claim (a transaction of two Puts) and a duplicate's pointer.
        tables.Orders.Grant(Create(Catalogue.OrderIntake, ordersEnv, props, repository), "dynamodb:PutItem");
        tables.Orders.Grant(Create(Catalogue.OrderStatus, ordersEnv, props, repository), "dynamodb:GetItem");

        // Reserve puts the reservation and takes stock; release and commit only move stock and the reservation's status.
        tables.Inventory.Grant(Create(Catalogue.InventoryReserve, inventoryEnv, props, repository), "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem");
        foreach (var spec in new[] { Catalogue.InventoryRelease, Catalogue.InventoryCommit })
        {
            tables.Inventory.Grant(Create(spec, inventoryEnv, props, repository), "dynamodb:GetItem", "dynamodb:UpdateItem");
        }

        // The charge function's reserved concurrency caps the calls the card processor sees at once. Charge writes the
        // Pending record if absent (PutItem) and moves it; refund reads and moves it.
        var charge = Create(Catalogue.PaymentCharge, paymentEnv, props, repository, props.PaymentConcurrency > 0 ? props.PaymentConcurrency : null);
        var refund = Create(Catalogue.PaymentRefund, paymentEnv, props, repository);
        tables.Payments.Grant(charge, "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem");
        tables.Payments.Grant(refund, "dynamodb:GetItem", "dynamodb:UpdateItem");
        var keyReads = PaymentProviderKeyReads(props);
        foreach (var function in new[] { charge, refund })
        {
            foreach (var statement in keyReads)
            {
                function.AddToRolePolicy(statement);
            }
        }

        // Notify writes the Pending record if absent (a repeat finds it Sent) and marks it Sent.
        tables.Notifications.Grant(Create(Catalogue.Notification, notificationEnv, props, repository), "dynamodb:PutItem", "dynamodb:UpdateItem");
    }

    /// <summary>
    /// What reading the card processor's key through Parameter Store needs: <c>ssm:GetParameter</c> on the reference
    /// parameter, and <c>secretsmanager:GetSecretValue</c> on the secret itself, because Parameter Store passes the call
    /// through with the caller's permissions (the Systems Manager User Guide, "Referencing AWS Secrets Manager secrets
    /// from Parameter Store parameters"). The secret's ARN ends in six random characters: <c>name-??????</c>.
    /// </summary>
    private PolicyStatement[] PaymentProviderKeyReads(FulfilmentStackProps props)
    {
        var stack = Stack.Of(this);
        var parameterArn = stack.FormatArn(new ArnComponents
        {
            Service = "ssm",
            Resource = "parameter",
            ResourceName = Catalogue.SecretsManagerReferencePrefix.TrimStart('/') + props.PaymentProviderApiKeySecretName,
            ArnFormat = ArnFormat.SLASH_RESOURCE_NAME,
        });
        // Not Secret.FromSecretNameV2(...).SecretArn: that is the name without the suffix, which matches no secret's ARN
        // (the IAM simulation caught it). Six '?' match exactly the six characters Secrets Manager appends.
        var secretArn = stack.FormatArn(new ArnComponents
        {
            Service = "secretsmanager",
            Resource = "secret",
            ResourceName = props.PaymentProviderApiKeySecretName + "-??????",
            ArnFormat = ArnFormat.COLON_RESOURCE_NAME,
        });
        return
        [
            new PolicyStatement(new PolicyStatementProps { Actions = ["ssm:GetParameter"], Resources = [parameterArn] }),
            new PolicyStatement(new PolicyStatementProps { Actions = ["secretsmanager:GetSecretValue"], Resources = [secretArn] }),
        ];
    }

    /// <summary>Every function, in <see cref="Catalogue.All"/> order.</summary>
    public IReadOnlyList<DockerImageFunction> All => [.. Catalogue.All.Select(Get)];

    /// <summary>The function deployed for <paramref name="spec"/>.</summary>
    public DockerImageFunction Get(FunctionSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return _byName[spec.Name];
    }

    private DockerImageFunction Create(FunctionSpec spec, Dictionary<string, string> environment, FulfilmentStackProps props, RepositoryLayout repository, double? reservedConcurrency = null)
    {
        // An explicit log group: retention is ours to choose (Lambda's implicit group keeps logs forever).
        var logGroup = new LogGroup(this, spec.Name + "-logs", new LogGroupProps
        {
            LogGroupName = "/aws/lambda/" + props.Name(spec.Name),
            // One year: the Control Tower minimum (CT.CLOUDWATCH.PR.2); at this volume it costs cents a month.
            Retention = RetentionDays.ONE_YEAR,
            RemovalPolicy = props.IsProduction ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
        });
        // A role of our own instead of the CDK's default one: that one carries the AWS managed
        // AWSLambdaBasicExecutionRole (logs:CreateLogGroup/CreateLogStream/PutLogEvents on every log group of the
        // account). This function writes only to its own log group, which the stack creates: CreateLogStream and
        // PutLogEvents there (cdk-nag AwsSolutions-IAM4).
        var role = new Role(this, spec.Name + "-role", new RoleProps
        {
            AssumedBy = new ServicePrincipal("lambda.amazonaws.com"),
            Description = $"Runs {props.Name(spec.Name)}: its own log group, X-Ray, and the grants of its handler.",
        });
        logGroup.GrantWrite(role);
        var function = new DockerImageFunction(this, spec.Name, new DockerImageFunctionProps
        {
            Role = role,
            FunctionName = props.Name(spec.Name),
            Description = $"Fulfilment {spec.Service} service, handler '{spec.Handler}'.",
            Code = DockerImageCode.FromImageAsset(repository.Root, new AssetImageCodeProps
            {
                File = RepositoryLayout.DockerfileName,
                BuildArgs = new Dictionary<string, string> { ["SERVICE"] = spec.Service },
                // The image has no CMD: the entrypoint passes this to bootstrap as _HANDLER.
                Cmd = [spec.Handler],
                // x86_64 on purpose: scripts/publish-service.sh publishes native AOT for linux-x64, and AOT compiles
                // for the build machine's architecture family. arm64 (~20% cheaper per GB-s) needs an arm64 build host.
                Platform = Platform_.LINUX_AMD64,
                Exclude = [.. AssetExcludes],
                IgnoreMode = IgnoreMode.DOCKER,
            }),
            Architecture = Architecture.X86_64,
            MemorySize = spec.MemoryMb,
            Timeout = Duration.Seconds(spec.Timeout.TotalSeconds),
            ReservedConcurrentExecutions = reservedConcurrency,
            Tracing = Tracing.ACTIVE,
            LoggingFormat = LoggingFormat.JSON,
            LogGroup = logGroup,
            Environment = environment,
        });
        _byName[spec.Name] = function;
        return function;
    }
}
