using Fulfilment.Lambda;
using Fulfilment.Lambda.Events;

namespace Fulfilment.Order;

/// <summary>Wires the order service's handlers (<c>intake</c>, <c>status</c>) into the Lambda runtime.</summary>
public static class OrderFunction
{
    /// <summary>The handler names, as <c>_HANDLER</c> (the image's CMD) selects them.</summary>
    public static IReadOnlyList<string> Handlers { get; } = ["intake", "status"];

    /// <summary>Registers both handlers over the given services.</summary>
    public static LambdaHandlerRegistry Register(LambdaHandlerRegistry registry, OrderIntakeService intake, OrderStatusFunction status)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(intake);
        ArgumentNullException.ThrowIfNull(status);
        return registry
            .Add("intake", LambdaEventsJsonContext.Default.SQSEvent, LambdaEventsJsonContext.Default.SQSBatchResponse, intake.HandleAsync)
            .Add("status", LambdaEventsJsonContext.Default.APIGatewayProxyRequest, LambdaEventsJsonContext.Default.APIGatewayProxyResponse, status.HandleAsync);
    }
}
