using Fulfilment.Contracts.Http;

namespace Fulfilment.Cdk.Api;

/// <summary>
/// The API Gateway mapping templates of <c>POST /orders</c> (Velocity files next to this class) and the
/// <c>application/problem+json</c> bodies of the errors, built from the same <see cref="Problem"/> record the local API uses.
/// </summary>
public static class OrderTemplates
{
    /// <summary>Stands for the queue URL in the request template; replaced by the queue's URL token at synth.</summary>
    public const string QueueUrlPlaceholder = "__QUEUE_URL__";

    /// <summary>The folder the templates are copied to next to the app.</summary>
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Api", "templates");

    /// <summary>The shared prelude that derives <c>$orderId</c> and <c>$placedAt</c> from the request context.</summary>
    public static string OrderIdPrelude => Read("order-id.vtl");

    /// <summary>Request template: the SQS <c>SendMessage</c> call (AWS JSON protocol) carrying a NewOrderEvent v1.</summary>
    public static string SendMessageRequest(string queueUrl) =>
        OrderIdPrelude + Read("post-orders-request.vtl").Replace(QueueUrlPlaceholder, queueUrl, StringComparison.Ordinal);

    /// <summary>Response template of a sent message: 202 with the <c>OrderAccepted</c> body and the same order id.</summary>
    public static string Accepted => OrderIdPrelude + Read("post-orders-accepted.vtl");

    /// <summary>A problem document whose <c>instance</c> is the request path (<c>$context.path</c>), as the local API writes it.</summary>
    public static string ProblemBody(ProblemDefinition problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return problem.ToJson(instance: "$context.path");
    }

    // The last line break of a file is the editor's, not the template's: Velocity would copy it into the body.
    private static string Read(string name) => File.ReadAllText(Path.Combine(Directory, name)).TrimEnd('\n');
}
