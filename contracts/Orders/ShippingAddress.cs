namespace Fulfilment.Contracts.Orders;

/// <summary>Where the order goes. Optional at intake; carried through unchanged.</summary>
public sealed record ShippingAddress(
    string Name,
    string Line1,
    string? Line2,
    string City,
    string? Region,
    string PostalCode,
    string Country);
