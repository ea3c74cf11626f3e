using System.Diagnostics;

namespace Fulfilment.Local.Edge.Tests;

/// <summary>Polls a condition with a generous deadline (the machine may be loaded), instead of sleeping.</summary>
internal static class Poll
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, int seconds = 30)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(seconds))
            {
                throw new TimeoutException($"{what} did not happen within {seconds} s.");
            }

            await Task.Delay(50);
        }
    }
}
