using Fulfilment.Local.Host;

namespace Fulfilment.Local.Tests;

/// <summary>A damaged archive of the dead-letter queue stops the start with the line named, before anything is restored, and stays.</summary>
public sealed class ArchiveFileTests : IDisposable
{
    private readonly string _archive = Path.Combine(Path.GetTempPath(), $"dead-letters-{Guid.NewGuid():N}.jsonl");

    public void Dispose() => File.Delete(_archive);

    [Fact]
    public async Task Restore_WhenALineIsDamaged_ShouldNameTheLineAndKeepTheFile()
    {
        await File.WriteAllLinesAsync(_archive, ["""{"body":"one","attributes":{}}""", "{\"body\":\"tw", """{"body":"three","attributes":{}}"""]);

        // The damage is found before the first send: the SQS client is never used.
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => DeadLetterArchive.RestoreAsync(null!, "unused", _archive, CancellationToken.None));

        Assert.Equal((true, true), (error.Message.Contains("damaged on line 2", StringComparison.Ordinal), File.Exists(_archive)));
    }
}
