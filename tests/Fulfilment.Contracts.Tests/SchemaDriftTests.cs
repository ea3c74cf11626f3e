using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Fulfilment.Contracts.Orders;
using Fulfilment.Contracts.Serialization;

namespace Fulfilment.Contracts.Tests;

/// <summary>
/// Fails when a record gains or loses a field that its schema does not describe (or the reverse), so the
/// documents subscribers read cannot silently drift from what we serialize.
/// </summary>
public sealed class SchemaDriftTests
{
    public static TheoryData<string, string, Type> RecordsAndSchemaObjects() => new()
    {
        { ContractSchemas.CreateOrderRequest, "#", typeof(CreateOrderRequest) },
        { ContractSchemas.CreateOrderRequest, "#/definitions/OrderLine", typeof(OrderLine) },
        { ContractSchemas.CreateOrderRequest, "#/definitions/ShippingAddress", typeof(ShippingAddress) },
        { ContractSchemas.NewOrderEventV1, "#", typeof(NewOrderEvent) },
        { ContractSchemas.NewOrderEventV1, "#/definitions/OrderLine", typeof(OrderLine) },
        { ContractSchemas.NewOrderEventV1, "#/definitions/ShippingAddress", typeof(ShippingAddress) },
        { ContractSchemas.OrderStatusChangedV1, "#", typeof(OrderStatusChanged) },
    };

    [Theory]
    [MemberData(nameof(RecordsAndSchemaObjects))]
    public void Properties_WhenRecordComparedWithSchema_ShouldBeTheSameSet(string schema, string jsonPointer, Type record)
    {
        var schemaObject = Resolve(schema, jsonPointer);
        var inSchema = schemaObject["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal);

        Assert.Equal(inSchema, JsonNames(record));
    }

    [Theory]
    [MemberData(nameof(RecordsAndSchemaObjects))]
    public void Required_WhenRecordComparedWithSchema_ShouldBeTheNonNullableProperties(string schema, string jsonPointer, Type record)
    {
        var schemaObject = Resolve(schema, jsonPointer);
        var required = schemaObject["required"]!.AsArray().Select(n => n!.GetValue<string>()).Order(StringComparer.Ordinal);
        var nonNullable = Serialized(record)
            .Where(p => !IsNullable(record, p))
            .Select(p => p.Name)
            .Order(StringComparer.Ordinal);

        Assert.Equal(nonNullable, required);
    }

    private static JsonObject Resolve(string schema, string jsonPointer)
    {
        JsonNode node = JsonNode.Parse(ContractSchemas.Read(schema))!;
        foreach (var segment in jsonPointer.Split('/').Skip(1))
        {
            node = node[segment]!;
        }

        return node.AsObject();
    }

    private static JsonTypeInfo TypeInfo(Type record) =>
        ContractsJsonContext.Default.GetTypeInfo(record) ?? throw new InvalidOperationException($"{record.Name} is not in ContractsJsonContext.");

    private static IEnumerable<string> JsonNames(Type record) =>
        Serialized(record).Select(p => p.Name).Order(StringComparer.Ordinal);

    // Computed helpers marked [JsonIgnore] are listed by the type info but never written.
    private static IEnumerable<JsonPropertyInfo> Serialized(Type record) =>
        TypeInfo(record).Properties.Where(p => p.AttributeProvider?.IsDefined(typeof(System.Text.Json.Serialization.JsonIgnoreAttribute), inherit: false) != true);

    private static bool IsNullable(Type record, JsonPropertyInfo property)
    {
        var clr = record.GetProperty(property.AttributeProvider is System.Reflection.PropertyInfo pi ? pi.Name : property.Name)!;
        if (Nullable.GetUnderlyingType(clr.PropertyType) is not null)
        {
            return true;
        }

        return new System.Reflection.NullabilityInfoContext().Create(clr).ReadState == System.Reflection.NullabilityState.Nullable;
    }
}
