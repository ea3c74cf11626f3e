using Amazon.CDK;
using Amazon.CDK.AWS.APIGateway;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Logs;
using Constructs;
using Fulfilment.Cdk.Api;
using Fulfilment.Contracts.Http;
using Fulfilment.Contracts.Serialization;

namespace Fulfilment.Cdk.Components;

/// <summary>
/// The REST API: <c>POST /orders</c> straight into SQS (no Lambda in front), <c>GET /orders/{orderId}</c> on the
/// status function; API keys with a usage plan, request validation from the contract's JSON Schema, problem+json errors.
/// </summary>
public sealed class OrdersApi : Construct
{
    /// <summary>Content type of every error body.</summary>
    private const string ProblemContentType = "'application/problem+json'";

    /// <summary>Creates the API and its usage plan.</summary>
    public OrdersApi(Construct scope, string id, FulfilmentStackProps props, OrderIntake intake, ServiceFunctions functions)
        : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(props);
        ArgumentNullException.ThrowIfNull(intake);
        ArgumentNullException.ThrowIfNull(functions);

        var accessLogs = new LogGroup(this, "AccessLogs", new LogGroupProps
        {
            LogGroupName = "/aws/apigateway/" + props.Name("fulfilment-orders-api") + "/access",
            // One year: the Control Tower minimum (CT.CLOUDWATCH.PR.2); at this volume it costs cents a month.
            Retention = RetentionDays.ONE_YEAR,
            RemovalPolicy = props.IsProduction ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
        });

        Api = new RestApi(this, "Api", new RestApiProps
        {
            RestApiName = props.Name("fulfilment-orders-api"),
            Description = "Fulfilment orders API: POST /orders (to SQS), GET /orders/{orderId}.",
            EndpointTypes = [EndpointType.REGIONAL],
            ApiKeySourceType = ApiKeySourceType.HEADER,
            // Execution logging needs the account-level CloudWatch role of API Gateway; the stack brings it.
            CloudWatchRole = true,
            DeployOptions = new StageOptions
            {
                StageName = props.Stage,
                // A ceiling for the whole stage (every key and method, /*/*), under the account's 10,000 req/s that
                // it would otherwise share with every other API of the account; the usage plan limits each key below it.
                ThrottlingRateLimit = props.ApiStageRateLimit,
                ThrottlingBurstLimit = props.ApiStageBurstLimit,
                TracingEnabled = true,
                MetricsEnabled = true,
                LoggingLevel = MethodLoggingLevel.ERROR,
                // Request/response bodies carry payment tokens: never written to execution logs.
                DataTraceEnabled = false,
                AccessLogDestination = new LogGroupLogDestination(accessLogs),
                AccessLogFormat = AccessLogFormat.JsonWithStandardFields(new JsonWithStandardFieldProps
                {
                    Caller = false,
                    HttpMethod = true,
                    Ip = true,
                    Protocol = true,
                    RequestTime = true,
                    ResourcePath = true,
                    ResponseLength = true,
                    Status = true,
                    User = false,
                }),
            },
        });

        AddPostOrders(props, intake);
        Api.Root.GetResource("orders")!.AddResource("{orderId}").AddMethod(
            "GET",
            new LambdaIntegration(functions.Get(Catalogue.OrderStatus), new LambdaIntegrationOptions { Proxy = true }),
            new MethodOptions { ApiKeyRequired = true });

        UsagePlan = Api.AddUsagePlan("Storefront", new UsagePlanProps
        {
            Name = props.Name("fulfilment-storefront"),
            Description = "Storefront clients: per-key throttling and a daily quota (the local API's per-key limiter).",
            Throttle = new ThrottleSettings { RateLimit = props.ApiRateLimit, BurstLimit = props.ApiBurstLimit },
            Quota = new QuotaSettings { Limit = props.ApiDailyQuota, Period = Period.DAY },
        });
        UsagePlan.AddApiStage(new UsagePlanPerApiStage { Api = Api, Stage = Api.DeploymentStage });
        UsagePlan.AddApiKey(Api.AddApiKey("StorefrontKey", new ApiKeyOptions
        {
            ApiKeyName = props.Name("fulfilment-storefront"),
            Description = "Key of the storefront; read its value with `aws apigateway get-api-key --include-value`.",
        }));

        AddProblemResponses();
    }

    /// <summary>The REST API.</summary>
    public RestApi Api { get; }

    /// <summary>The storefront usage plan.</summary>
    public UsagePlan UsagePlan { get; }

    private void AddPostOrders(FulfilmentStackProps props, OrderIntake intake)
    {
        // The only thing API Gateway may do with its role: send to this one queue.
        var sendRole = new Role(this, "SendMessageRole", new RoleProps
        {
            AssumedBy = new ServicePrincipal("apigateway.amazonaws.com"),
            Description = "POST /orders: sqs:SendMessage on the new-orders queue, nothing else.",
        });
        sendRole.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["sqs:SendMessage"],
            Resources = [intake.Queue.QueueArn],
        }));

        var schema = Draft04Schema.Convert(ContractSchemas.Read(ContractSchemas.CreateOrderRequest));
        var model = new CfnModel(this, "CreateOrderRequestModel", new CfnModelProps
        {
            RestApiId = Api.RestApiId,
            Name = "CreateOrderRequest",
            ContentType = "application/json",
            Description = "contracts/schemas/CreateOrderRequest.json in JSON Schema draft-04.",
            Schema = Draft04Schema.ToPlainObject(schema),
        });
        var validator = new RequestValidator(this, "BodyAndHeaders", new RequestValidatorProps
        {
            RestApi = Api,
            RequestValidatorName = "body-and-headers",
            ValidateRequestBody = true,
            ValidateRequestParameters = true,
        });

        var problemHeaders = new Dictionary<string, string> { ["method.response.header.Content-Type"] = ProblemContentType };
        var integration = new AwsIntegration(new AwsIntegrationProps
        {
            Service = "sqs",
            IntegrationHttpMethod = "POST",
            Path = $"{Aws.ACCOUNT_ID}/{intake.Queue.QueueName}",
            Options = new IntegrationOptions
            {
                CredentialsRole = sendRole,
                // Only JSON bodies have a template; anything else is refused (415) instead of passed through.
                PassthroughBehavior = PassthroughBehavior.NEVER,
                RequestParameters = new Dictionary<string, string>
                {
                    ["integration.request.header.Content-Type"] = "'application/x-amz-json-1.0'",
                    ["integration.request.header.X-Amz-Target"] = "'AmazonSQS.SendMessage'",
                },
                RequestTemplates = new Dictionary<string, string> { ["application/json"] = OrderTemplates.SendMessageRequest(intake.Queue.QueueUrl) },
                IntegrationResponses =
                [
                    new IntegrationResponse
                    {
                        StatusCode = "202",
                        ResponseParameters = new Dictionary<string, string> { ["method.response.header.Content-Type"] = "'application/json'" },
                        ResponseTemplates = new Dictionary<string, string> { ["application/json"] = OrderTemplates.Accepted },
                    },
                    new IntegrationResponse
                    {
                        StatusCode = "503",
                        SelectionPattern = @"4\d{2}|5\d{2}",
                        ResponseParameters = problemHeaders,
                        ResponseTemplates = new Dictionary<string, string>
                        {
                            ["application/json"] = OrderTemplates.ProblemBody(OrdersApiProblems.QueueUnavailable),
                        },
                    },
                ],
            },
        });

        var orders = Api.Root.AddResource("orders");
        orders.AddMethod("POST", integration, new MethodOptions
        {
            ApiKeyRequired = true,
            RequestValidator = validator,
            RequestModels = new Dictionary<string, IModel> { ["application/json"] = Model.FromModelName(this, "CreateOrderRequestModelRef", model.Ref) },
            RequestParameters = new Dictionary<string, bool> { ["method.request.header.Idempotency-Key"] = true },
            MethodResponses =
            [
                new MethodResponse
                {
                    StatusCode = "202",
                    ResponseParameters = new Dictionary<string, bool>
                    {
                        ["method.response.header.Content-Type"] = true,
                        ["method.response.header.Location"] = true,
                        ["method.response.header.X-Correlation-Id"] = true,
                    },
                },
                new MethodResponse { StatusCode = "503", ResponseParameters = new Dictionary<string, bool> { ["method.response.header.Content-Type"] = true } },
            ],
        });
    }

    // The problems of contracts/Http/OrdersApiProblems.cs, which the local API answers with too (docs/aws-vs-local.md).
    private void AddProblemResponses()
    {
        Add("BadBody", ResponseType_.BAD_REQUEST_BODY, OrdersApiProblems.InvalidOrder);
        Add("BadParameters", ResponseType_.BAD_REQUEST_PARAMETERS, OrdersApiProblems.MissingIdempotencyKey);
        Add("InvalidApiKey", ResponseType_.INVALID_API_KEY, OrdersApiProblems.InvalidApiKey);
        Add("Throttled", ResponseType_.THROTTLED, OrdersApiProblems.Throttled);
        Add("QuotaExceeded", ResponseType_.QUOTA_EXCEEDED, OrdersApiProblems.QuotaExceeded);
        Add("TooLarge", ResponseType_.REQUEST_TOO_LARGE, OrdersApiProblems.BodyTooLarge);
        Add("UnsupportedMediaType", ResponseType_.UNSUPPORTED_MEDIA_TYPE, OrdersApiProblems.UnsupportedMediaType);
        Add("Default4xx", ResponseType_.DEFAULT_4XX, OrdersApiProblems.Refused);
        Add("Default5xx", ResponseType_.DEFAULT_5XX, OrdersApiProblems.InternalError);
    }

    private void Add(string id, ResponseType_ type, ProblemDefinition problem) =>
        Api.AddGatewayResponse(id, new GatewayResponseOptions
        {
            Type = type,
            StatusCode = problem.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ResponseHeaders = new Dictionary<string, string> { ["Content-Type"] = ProblemContentType },
            // A default response keeps API Gateway's own status code, which its body then does not repeat.
            Templates = new Dictionary<string, string> { ["application/json"] = OrderTemplates.ProblemBody(problem) },
        });
}
