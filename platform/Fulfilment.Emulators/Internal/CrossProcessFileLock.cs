namespace Fulfilment.Emulators.Internal;

/// <summary>A lock held by keeping a file open with <see cref="FileShare.None"/>; released on dispose or process death.</summary>
internal sealed class CrossProcessFileLock : IAsyncDisposable
{
    private readonly FileStream stream;

    private CrossProcessFileLock(FileStream stream) => this.stream = stream;

    public static async Task<CrossProcessFileLock> AcquireAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            try
            {
                var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
                return new CrossProcessFileLock(stream);
            }
            catch (IOException) when (DateTimeOffset.UtcNow < deadline)
            {
                // Another process holds the lock: it is installing; poll until it is done.
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            }
            catch (IOException ex)
            {
                throw new EmulatorUnavailableException($"Timed out after {timeout} waiting for the install lock '{path}'. Is another install stuck?", ex);
            }
        }
    }

    public ValueTask DisposeAsync() => stream.DisposeAsync();
}
