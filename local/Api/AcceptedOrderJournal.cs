using Microsoft.Data.Sqlite;

namespace Fulfilment.Local.Api;

/// <summary>
/// Every order message the local API put on the queue, in SQLite, because the SQS emulator keeps messages in memory:
/// after a restart the host re-queues the ones intake never recorded. An entry is written before the message is sent
/// and removed again when the send fails (the client was told 503, as API Gateway would tell it, so nothing may turn
/// into an order later). It remembers no idempotency keys for answers: like API Gateway, the API gives every request
/// its own order id, and intake keeps a retried request from becoming a second order.
/// </summary>
public sealed class AcceptedOrderJournal : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private AcceptedOrderJournal(SqliteConnection connection) => _connection = connection;

    /// <summary>Opens (and creates) the journal; a null path keeps it in memory for a throwaway run.</summary>
    public static async Task<AcceptedOrderJournal> OpenAsync(string? path, CancellationToken cancellationToken)
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
            CREATE TABLE IF NOT EXISTS accepted_order (
                order_id TEXT NOT NULL PRIMARY KEY,
                customer_id TEXT NOT NULL,
                idempotency_key TEXT NOT NULL,
                correlation_id TEXT NOT NULL,
                message TEXT NOT NULL,
                created_at TEXT NOT NULL);
            """;
        await command.ExecuteNonQueryAsync(cancellationToken);
        return new AcceptedOrderJournal(connection);
    }

    /// <summary>Records a message about to be sent.</summary>
    public async Task AddAsync(AcceptedOrder entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var insert = _connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO accepted_order (order_id, customer_id, idempotency_key, correlation_id, message, created_at)
                VALUES ($orderId, $customerId, $key, $correlationId, $message, $createdAt);
                """;
            insert.Parameters.AddWithValue("$orderId", entry.OrderId);
            insert.Parameters.AddWithValue("$customerId", entry.CustomerId);
            insert.Parameters.AddWithValue("$key", entry.IdempotencyKey);
            insert.Parameters.AddWithValue("$correlationId", entry.CorrelationId);
            insert.Parameters.AddWithValue("$message", entry.Message);
            insert.Parameters.AddWithValue("$createdAt", DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets a message that could not be sent.</summary>
    public async Task RemoveAsync(string orderId, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var delete = _connection.CreateCommand();
            delete.CommandText = "DELETE FROM accepted_order WHERE order_id = $orderId;";
            delete.Parameters.AddWithValue("$orderId", orderId);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Every message sent, oldest first (for reconciliation after a restart).</summary>
    public async Task<IReadOnlyList<AcceptedOrder>> ListAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var select = _connection.CreateCommand();
            select.CommandText = "SELECT order_id, customer_id, idempotency_key, correlation_id, message FROM accepted_order ORDER BY created_at;";
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            var entries = new List<AcceptedOrder>();
            while (await reader.ReadAsync(cancellationToken))
            {
                entries.Add(new AcceptedOrder(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
            }

            return entries;
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

/// <summary>One message the API put on the queue: its order, the key and customer intake claims, and the exact text.</summary>
public sealed record AcceptedOrder(string OrderId, string CustomerId, string IdempotencyKey, string CorrelationId, string Message);
