namespace Fulfilment.Contracts.Serialization;

/// <summary>The JSON Schemas of the public messages, embedded from <c>contracts/schemas/</c>.</summary>
public static class ContractSchemas
{
    /// <summary>Schema of the body of <c>POST /orders</c>.</summary>
    public const string CreateOrderRequest = "CreateOrderRequest";

    /// <summary>Schema of the message on the new-orders queue.</summary>
    public const string NewOrderEventV1 = "NewOrderEvent.v1";

    /// <summary>Schema of the detail of the status events on the bus.</summary>
    public const string OrderStatusChangedV1 = "OrderStatusChanged.v1";

    /// <summary>Every schema name.</summary>
    public static IReadOnlyList<string> All { get; } = [CreateOrderRequest, NewOrderEventV1, OrderStatusChangedV1];

    /// <summary>The schema document text for a name in <see cref="All"/>.</summary>
    public static string Read(string name)
    {
        var resource = $"Fulfilment.Contracts.schemas.{name}.json";
        using var stream = typeof(ContractSchemas).Assembly.GetManifestResourceStream(resource)
            ?? throw new ArgumentException($"No schema named '{name}'. Known: {string.Join(", ", All)}.", nameof(name));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
