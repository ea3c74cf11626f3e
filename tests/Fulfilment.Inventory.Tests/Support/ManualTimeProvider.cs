namespace Fulfilment.Inventory.Tests.Support;

/// <summary>A clock the test moves by hand; timers (backoff delays) still run on real time.</summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
