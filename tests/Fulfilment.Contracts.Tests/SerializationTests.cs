using System.Text.Json;
using Fulfilment.Contracts.Orders;
using Fulfilment.Contracts.Serialization;

namespace Fulfilment.Contracts.Tests;

public sealed class SerializationTests
{
    public static TheoryData<int, string> SampleIndexes()
    {
        var data = new TheoryData<int, string>();
        var index = 0;
        foreach (var sample in Samples.All())
        {
            data.Add(index++, sample.GetType().Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SampleIndexes))]
    public void RoundTrip_WhenSerializedWithSourceGeneratedContext_ShouldReproduceSameJson(int index, string typeName)
    {
        var sample = Samples.All().ElementAt(index);
        var typeInfo = ContractsJsonContext.Default.GetTypeInfo(sample.GetType())
            ?? throw new InvalidOperationException($"{typeName} is not in ContractsJsonContext.");

        var json = JsonSerializer.Serialize(sample, typeInfo);
        var back = JsonSerializer.Deserialize(json, typeInfo)!;

        Assert.Equal(json, JsonSerializer.Serialize(back, typeInfo));
    }

    [Fact]
    public void Serialize_WhenRecordHasPascalCaseProperties_ShouldWriteCamelCase()
    {
        var json = JsonSerializer.Serialize(Samples.NewOrder, ContractsJsonContext.Default.NewOrderEvent);

        Assert.Contains("\"unitPriceMinor\":1250", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_WhenEnumValue_ShouldWriteItsName()
    {
        var json = JsonSerializer.Serialize(Samples.StatusChanged(OrderStatus.PaymentCaptured, OrderStatus.InventoryReserved, 3), ContractsJsonContext.Default.OrderStatusChanged);

        Assert.Contains("\"status\":\"PaymentCaptured\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void EventIdFor_WhenSameOrderAndStatus_ShouldBeDeterministic()
    {
        Assert.Equal(OrderStatusChanged.EventIdFor("A", OrderStatus.Completed), OrderStatusChanged.EventIdFor("A", OrderStatus.Completed));
    }

    [Fact]
    public void TotalMinor_WhenLinesGiven_ShouldSumQuantityTimesUnitPrice()
    {
        Assert.Equal((2 * 1250) + 499, Samples.NewOrder.TotalMinor());
    }
}
