namespace Fulfilment.Emulators;

/// <summary>How to start Amazon DynamoDB Local: port, persistence, JVM flags and where its npm folder is.</summary>
public sealed record DynamoDbLocalOptions
{
    /// <summary>Loopback port; null asks the OS for a free one.</summary>
    public int? Port { get; init; }

    /// <summary>Folder for <c>-sharedDb -dbPath</c>; null runs <c>-inMemory</c> (a throwaway database).</summary>
    public string? DbPath { get; init; }

    /// <summary>The npm folder with package.json/package-lock.json; null means <c>tools/dynamodb-local</c> in the repository.</summary>
    public string? ToolsDirectory { get; init; }

    /// <summary>The java executable; null uses <c>$JAVA_HOME/bin/java</c> when set, else <c>java</c> on PATH.</summary>
    public string? JavaPath { get; init; }

    /// <summary>
    /// JVM flags. The defaults (FACTS.md) halve start-up and cap memory at ~370 MB with equal speed; a benchmark that
    /// wants the best steady state can drop <c>-XX:TieredStopAtLevel=1</c>.
    /// </summary>
    public IReadOnlyList<string> JvmFlags { get; init; } = ["-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"];

    /// <summary>How long to wait for <c>ListTables</c> to answer after the JVM starts (generous: machines are loaded).</summary>
    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromMinutes(3);
}
