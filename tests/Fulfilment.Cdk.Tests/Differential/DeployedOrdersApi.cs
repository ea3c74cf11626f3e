using System.Text.Json.Nodes;
using Fulfilment.Cdk.Api;
using Fulfilment.Cdk.Tests.Velocity;

namespace Fulfilment.Cdk.Tests.Differential;

/// <summary>
/// What the deployed REST API answers, computed from the synthesized CloudFormation template alone: the POST /orders
/// integration (request template, integration responses) and the gateway responses, as API Gateway applies them.
/// Templates are rendered by Java Velocity; nothing here is written twice by hand.
/// </summary>
public sealed class DeployedOrdersApi(JsonObject template)
{
    /// <summary>The stage of the synthesized app the tests compare against.</summary>
    public const string Stage = "prod";

    /// <summary>
    /// API Gateway's own status for a request to a resource or method it does not have: MISSING_AUTHENTICATION_TOKEN,
    /// 403 (https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html); the
    /// stack gives it no response of its own, so DEFAULT_4XX's body goes out with that code.
    /// </summary>
    public const int MissingAuthenticationTokenStatus = 403;

    private JsonObject PostIntegration => template.Resources("AWS::ApiGateway::Method")
        .Single(m => (string?)m.Resource.Properties()["HttpMethod"] == "POST").Resource.Properties()["Integration"]!.AsObject();

    /// <summary>The request template with the queue URL token replaced by <paramref name="queueUrl"/>.</summary>
    public string RequestTemplate(string queueUrl)
    {
        var join = PostIntegration["RequestTemplates"]!["application/json"]!["Fn::Join"]![1]!.AsArray();
        return string.Concat(join.Select(part => part is JsonValue v ? (string)v! : queueUrl));
    }

    /// <summary>The integration response SQS's answer selects: the 202 for a sent message, the selection pattern's for an error.</summary>
    public DeployedResponse IntegrationResponse(int sqsStatus)
    {
        var responses = PostIntegration["IntegrationResponses"]!.AsArray().Select(r => r!.AsObject()).ToList();
        var selected = responses.FirstOrDefault(r => r["SelectionPattern"] is JsonValue pattern
                && System.Text.RegularExpressions.Regex.IsMatch(sqsStatus.ToString(System.Globalization.CultureInfo.InvariantCulture), $"^(?:{(string)pattern!})$"))
            ?? responses.Single(r => r["SelectionPattern"] is null);
        return Response(int.Parse((string)selected["StatusCode"]!, System.Globalization.CultureInfo.InvariantCulture), selected, "method.response.header.");
    }

    /// <summary>The gateway response of <paramref name="type"/>; a default one keeps <paramref name="gatewayStatus"/>.</summary>
    public DeployedResponse GatewayResponse(string type, int? gatewayStatus = null)
    {
        var response = template.Resources("AWS::ApiGateway::GatewayResponse").Single(r => (string?)r.Resource.Properties()["ResponseType"] == type).Resource.Properties();
        var status = response["StatusCode"] is JsonValue code ? int.Parse((string)code!, System.Globalization.CultureInfo.InvariantCulture) : gatewayStatus
            ?? throw new ArgumentException($"{type} has no status code of its own: name the one API Gateway gives.", nameof(gatewayStatus));
        return Response(status, response, "gatewayresponse.header.");
    }

    private static DeployedResponse Response(int status, JsonObject definition, string headerPrefix)
    {
        // Static header values are quoted literals ('application/json'); the stack maps no request values into headers.
        var headers = (definition["ResponseParameters"]?.AsObject() ?? [])
            .ToDictionary(p => p.Key[headerPrefix.Length..], p => ((string)p.Value!).Trim('\''), StringComparer.OrdinalIgnoreCase);
        return new DeployedResponse(status, headers, (string)definition["ResponseTemplates"]!["application/json"]!);
    }
}

/// <summary>A response definition: its status, the static headers it sets and the body template.</summary>
public sealed record DeployedResponse(int Status, IReadOnlyDictionary<string, string> Headers, string BodyTemplate)
{
    /// <summary>The job that renders the body for a request with this context, headers and body.</summary>
    public TemplateJob Job(JsonObject context, IReadOnlyDictionary<string, string>? requestHeaders = null, string requestBody = "") =>
        new(BodyTemplate, context, requestHeaders ?? new Dictionary<string, string>(), requestBody);

    /// <summary>The answer once the body is rendered: headers the template overrode win over the static ones.</summary>
    public HttpAnswer Answer(TemplateResult rendered)
    {
        ArgumentNullException.ThrowIfNull(rendered);
        var headers = new Dictionary<string, string>(Headers, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in rendered.ResponseHeaders)
        {
            headers[name] = value;
        }

        return new HttpAnswer(Status, headers, rendered.OutputOrThrow("Java Velocity"));
    }
}

/// <summary>What a client sees of a response: the status, the headers the API sets itself and the body text.</summary>
public sealed record HttpAnswer(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public override string ToString() =>
        $"{Status}\n{string.Join('\n', Headers.OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase).Select(h => $"{h.Key.ToLowerInvariant()}: {h.Value}"))}\n\n{Body}";
}
