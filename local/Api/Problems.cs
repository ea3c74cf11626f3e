using Fulfilment.Contracts.Http;
using Fulfilment.Contracts.Validation;
using Microsoft.AspNetCore.Http;

namespace Fulfilment.Local.Api;

/// <summary>
/// Every error of the API as the deployed API answers it: the definitions of <see cref="OrdersApiProblems"/>, from which
/// the CDK app builds API Gateway's gateway and integration responses, with the request path as <c>instance</c>.
/// </summary>
internal static class Problems
{
    /// <summary>The status API Gateway answers an unknown route with (MISSING_AUTHENTICATION_TOKEN, sent as DEFAULT_4XX).</summary>
    private const int UnknownRouteStatus = 403;

    public static IResult InvalidApiKey(HttpContext http) => Write(http, OrdersApiProblems.InvalidApiKey);

    public static IResult Throttled(HttpContext http) => Write(http, OrdersApiProblems.Throttled);

    public static IResult UnsupportedMediaType(HttpContext http) => Write(http, OrdersApiProblems.UnsupportedMediaType);

    public static IResult TooLarge(HttpContext http) => Write(http, OrdersApiProblems.BodyTooLarge);

    public static IResult MissingIdempotencyKey(HttpContext http) => Write(http, OrdersApiProblems.MissingIdempotencyKey);

    /// <summary>The deployed API's answer plus <c>errors</c>, which only the local API can list (docs/aws-vs-local.md).</summary>
    public static IResult InvalidBody(HttpContext http, IReadOnlyList<ValidationProblem> errors) => Write(http, OrdersApiProblems.InvalidOrder, errors);

    public static IResult QueueUnavailable(HttpContext http) => Write(http, OrdersApiProblems.QueueUnavailable);

    public static IResult UnknownRoute(HttpContext http) => Write(http, OrdersApiProblems.Refused, status: UnknownRouteStatus);

    /// <summary>Local only: the body did not arrive in time (slow-body protection of a server without API Gateway in front).</summary>
    public static IResult SlowBody(HttpContext http) =>
        Write(http, new ProblemDefinition(408, "body-timeout", "The body arrived too slowly.", "The request body was not received in time; send it again."));

    /// <summary>Local only: Kestrel refused the request before the API saw it.</summary>
    public static IResult FromStatus(HttpContext http, int status, string title, string detail) =>
        Write(http, new ProblemDefinition(status, "error", title, detail));

    private static GatewayResult Write(HttpContext http, ProblemDefinition problem, IReadOnlyList<ValidationProblem>? errors = null, int? status = null) =>
        new(status ?? problem.Status ?? 500, Problem.MediaType, problem.ToJson(http.Request.Path.Value ?? "/", errors));
}
