using System.Text.Json.Serialization;

namespace Fulfilment.Contracts.Orders;

/// <summary>One line of an order: a SKU, how many, and the unit price in minor currency units (cents).</summary>
public sealed record OrderLine(string Sku, int Quantity, long UnitPriceMinor)
{
    /// <summary>The line total in minor units; checked so an overflow fails loudly instead of wrapping.</summary>
    [JsonIgnore]
    public long TotalMinor => checked(Quantity * UnitPriceMinor);
}

/// <summary>Money arithmetic over order lines, in integer minor units only.</summary>
public static class OrderLines
{
    /// <summary>The order total in minor units.</summary>
    public static long TotalMinor(IEnumerable<OrderLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        long total = 0;
        foreach (var line in lines)
        {
            total = checked(total + line.TotalMinor);
        }

        return total;
    }
}
