using Fulfilment.Contracts.Orders;

namespace Fulfilment.Contracts.Tests;

public sealed class OrderIdsTests
{
    [Fact]
    public void New_WhenCalled_ShouldReturnValidUlid()
    {
        var id = OrderIds.New();

        Assert.True(OrderIds.IsValid(id), id);
    }

    [Fact]
    public void New_WhenClockIsFixed_ShouldEncodeThatMillisecond()
    {
        var at = DateTimeOffset.Parse("2026-11-24T10:11:12.345Z", System.Globalization.CultureInfo.InvariantCulture);

        var id = OrderIds.New(new FixedClock(at));

        Assert.Equal(at, OrderIds.TimestampOf(id));
    }

    [Fact]
    public void New_WhenCalledLater_ShouldSortAfterEarlierIds()
    {
        var earlier = OrderIds.New(new FixedClock(DateTimeOffset.UnixEpoch.AddDays(1)));
        var later = OrderIds.New(new FixedClock(DateTimeOffset.UnixEpoch.AddDays(2)));

        Assert.True(string.CompareOrdinal(earlier, later) < 0);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("01ARZ3NDEKTSV4RRFFQ69G5FA")]
    [InlineData("01arz3ndektsv4rrffq69g5fav")]
    [InlineData("01ARZ3NDEKTSV4RRFFQ69G5FAU")]
    [InlineData("81ARZ3NDEKTSV4RRFFQ69G5FAV")]
    public void IsValid_WhenNotCanonicalUlid_ShouldReturnFalse(string? value)
    {
        Assert.False(OrderIds.IsValid(value));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
