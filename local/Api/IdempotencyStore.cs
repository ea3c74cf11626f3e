using Microsoft.Data.Sqlite;

namespace Fulfilment.Local.Api;

/// <summary>
/// Remembers, per API key and <c>Idempotency-Key</c>, the request's body hash and the order it created, in SQLite.
/// A record is written before the message is sent and marked sent after; a replay of a record that was never marked
/// sent (a crash, or SQS down) sends the same message again, which is safe because intake dedupes on the orderId.
/// </summary>
public sealed class IdempotencyStore : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private IdempotencyStore(SqliteConnection connection) => _connection = connection;

    /// <summary>Opens (and creates) the store; a null path keeps it in memory for a throwaway run.</summary>
    public static async Task<IdempotencyStore> OpenAsync(string? path, CancellationToken cancellationToken)
    {
        if (path is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        }

        var connection = new SqliteConnection(path is null ? "Data Source=:memory:" : $"Data Source={path}");
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = FULL;
            CREATE TABLE IF NOT EXISTS idempotency (
                api_key TEXT NOT NULL,
                idempotency_key TEXT NOT NULL,
                body_hash TEXT NOT NULL,
                order_id TEXT NOT NULL,
                correlation_id TEXT NOT NULL,
                message TEXT NOT NULL,
                sent INTEGER NOT NULL DEFAULT 0,
                created_at TEXT NOT NULL,
                PRIMARY KEY (api_key, idempotency_key));
            """;
        await command.ExecuteNonQueryAsync(cancellationToken);
        return new IdempotencyStore(connection);
    }

    /// <summary>
    /// Records a new request, or returns the record already stored under the same key. The caller compares
    /// <see cref="IdempotencyRecord.BodyHash"/> to tell a replay from a conflicting reuse of the key.
    /// </summary>
    public async Task<(IdempotencyRecord Record, bool Created)> GetOrAddAsync(string apiKey, IdempotencyRecord candidate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var insert = _connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO idempotency (api_key, idempotency_key, body_hash, order_id, correlation_id, message, created_at)
                VALUES ($apiKey, $key, $hash, $orderId, $correlationId, $message, $createdAt)
                ON CONFLICT (api_key, idempotency_key) DO NOTHING;
                """;
            insert.Parameters.AddWithValue("$apiKey", apiKey);
            insert.Parameters.AddWithValue("$key", candidate.IdempotencyKey);
            insert.Parameters.AddWithValue("$hash", candidate.BodyHash);
            insert.Parameters.AddWithValue("$orderId", candidate.OrderId);
            insert.Parameters.AddWithValue("$correlationId", candidate.CorrelationId);
            insert.Parameters.AddWithValue("$message", candidate.Message);
            insert.Parameters.AddWithValue("$createdAt", DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                return (candidate, true);
            }

            await using var select = _connection.CreateCommand();
            select.CommandText = "SELECT body_hash, order_id, correlation_id, message, sent FROM idempotency WHERE api_key = $apiKey AND idempotency_key = $key;";
            select.Parameters.AddWithValue("$apiKey", apiKey);
            select.Parameters.AddWithValue("$key", candidate.IdempotencyKey);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            return (new IdempotencyRecord(candidate.IdempotencyKey, reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4) == 1), false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Marks the record's message as sent to the queue.</summary>
    public async Task MarkSentAsync(string apiKey, string idempotencyKey, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var update = _connection.CreateCommand();
            update.CommandText = "UPDATE idempotency SET sent = 1 WHERE api_key = $apiKey AND idempotency_key = $key;";
            update.Parameters.AddWithValue("$apiKey", apiKey);
            update.Parameters.AddWithValue("$key", idempotencyKey);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Every remembered request, oldest first (for reconciliation after a restart).</summary>
    public async Task<IReadOnlyList<IdempotencyRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var select = _connection.CreateCommand();
            select.CommandText = "SELECT idempotency_key, body_hash, order_id, correlation_id, message, sent FROM idempotency ORDER BY created_at;";
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            var records = new List<IdempotencyRecord>();
            while (await reader.ReadAsync(cancellationToken))
            {
                records.Add(new IdempotencyRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt64(5) == 1));
            }

            return records;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        _gate.Dispose();
    }
}

/// <summary>One remembered request: its key, the hash of its canonical body, and the order message it produced.</summary>
public sealed record IdempotencyRecord(string IdempotencyKey, string BodyHash, string OrderId, string CorrelationId, string Message, bool Sent);
