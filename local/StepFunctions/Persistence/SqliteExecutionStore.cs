using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fulfilment.Local.StepFunctions.Execution;
using Fulfilment.Local.StepFunctions.Json;
using Microsoft.Data.Sqlite;

namespace Fulfilment.Local.StepFunctions.Persistence;

/// <summary>
/// SQLite under the data directory (<c>stepfunctions.db</c>). One connection, serialized by a semaphore: the engine
/// writes one checkpoint per top-level transition (one transaction: the checkpoint columns and the new events, through
/// prepared statements), which SQLite in WAL mode with <c>synchronous=NORMAL</c> absorbs without an fsync per commit.
/// </summary>
public sealed class SqliteExecutionStore : IExecutionStore
{
    private readonly SqliteConnection connection;
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly ArrayBufferWriter<byte> eventBuffer = new(1024);
    private SqliteCommand? checkpointCommand;
    private SqliteCommand? lastEventCommand;
    private SqliteCommand? historyCommand;

    private SqliteExecutionStore(SqliteConnection connection) => this.connection = connection;

    /// <inheritdoc />
    public bool IsDurable => true;

    /// <summary>Opens (creating if needed) the database in <paramref name="dataDirectory"/>.</summary>
    public static async Task<SqliteExecutionStore> OpenAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(dataDirectory);
        var builder = new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDirectory, "stepfunctions.db"), Pooling = false };
        var connection = new SqliteConnection(builder.ToString());
        await connection.OpenAsync(cancellationToken);
        var store = new SqliteExecutionStore(connection);
        await store.ExecuteAsync(
            """
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous=NORMAL;
            CREATE TABLE IF NOT EXISTS state_machines (arn TEXT PRIMARY KEY, name TEXT NOT NULL, definition TEXT NOT NULL, role_arn TEXT NOT NULL,
              type TEXT NOT NULL, created TEXT NOT NULL, updated TEXT NOT NULL, revision TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS executions (arn TEXT PRIMARY KEY, sm_arn TEXT NOT NULL, name TEXT NOT NULL, definition TEXT NOT NULL,
              role_arn TEXT NOT NULL, status TEXT NOT NULL, input TEXT NOT NULL, output TEXT, error TEXT, cause TEXT, start_date TEXT NOT NULL,
              stop_date TEXT, redrive_count INTEGER NOT NULL, redrive_date TEXT, checkpoint_state TEXT, checkpoint_input TEXT, last_event_id INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS executions_by_machine ON executions (sm_arn, start_date);
            CREATE TABLE IF NOT EXISTS history (execution_arn TEXT NOT NULL, id INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (execution_arn, id));
            """,
            static _ => { },
            cancellationToken);
        try
        {
            // Added after the first release: older data directories get the column on open.
            await store.ExecuteAsync("ALTER TABLE executions ADD COLUMN checkpoint_units TEXT", static _ => { }, cancellationToken);
        }
        catch (SqliteException e) when (e.Message.Contains("duplicate column", StringComparison.OrdinalIgnoreCase))
        {
            // Already there.
        }

        return store;
    }

    /// <inheritdoc />
    public Task PutStateMachineAsync(StateMachineRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return ExecuteAsync(
            "INSERT OR REPLACE INTO state_machines VALUES ($arn, $name, $def, $role, $type, $created, $updated, $rev)",
            c =>
            {
                c.Parameters.AddWithValue("$arn", record.StateMachineArn);
                c.Parameters.AddWithValue("$name", record.Name);
                c.Parameters.AddWithValue("$def", record.Definition);
                c.Parameters.AddWithValue("$role", record.RoleArn);
                c.Parameters.AddWithValue("$type", record.Type);
                c.Parameters.AddWithValue("$created", Format(record.CreationDate));
                c.Parameters.AddWithValue("$updated", Format(record.UpdateDate));
                c.Parameters.AddWithValue("$rev", record.RevisionId);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<StateMachineRecord?> GetStateMachineAsync(string stateMachineArn, CancellationToken cancellationToken) =>
        (await QueryAsync("SELECT * FROM state_machines WHERE arn = $arn", c => c.Parameters.AddWithValue("$arn", stateMachineArn), ReadMachine, cancellationToken)) is [var m, ..] ? m : null;

    /// <inheritdoc />
    public Task<IReadOnlyList<StateMachineRecord>> ListStateMachinesAsync(CancellationToken cancellationToken) =>
        QueryAsync("SELECT * FROM state_machines ORDER BY name", static _ => { }, ReadMachine, cancellationToken);

    /// <inheritdoc />
    public Task DeleteStateMachineAsync(string stateMachineArn, CancellationToken cancellationToken) =>
        ExecuteAsync("DELETE FROM state_machines WHERE arn = $arn", c => c.Parameters.AddWithValue("$arn", stateMachineArn), cancellationToken);

    /// <inheritdoc />
    public async Task PutExecutionAsync(ExecutionRecord record, HistorySlice newEvents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(newEvents);
        await gate.WaitAsync(cancellationToken);
        try
        {
            using var transaction = connection.BeginTransaction();
            using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = "INSERT OR REPLACE INTO executions VALUES ($arn, $sm, $name, $def, $role, $status, $input, $output, $error, $cause, $start, $stop, $rc, $rd, $cs, $ci, $last, $cu)";
                var p = command.Parameters;
                p.AddWithValue("$arn", record.ExecutionArn);
                p.AddWithValue("$sm", record.StateMachineArn);
                p.AddWithValue("$name", record.Name);
                p.AddWithValue("$def", record.Definition);
                p.AddWithValue("$role", record.RoleArn);
                p.AddWithValue("$status", record.Status);
                p.AddWithValue("$input", record.Input);
                p.AddWithValue("$output", (object?)record.Output ?? DBNull.Value);
                p.AddWithValue("$error", (object?)record.Error ?? DBNull.Value);
                p.AddWithValue("$cause", (object?)record.Cause ?? DBNull.Value);
                p.AddWithValue("$start", Format(record.StartDate));
                p.AddWithValue("$stop", record.StopDate is { } s ? Format(s) : DBNull.Value);
                p.AddWithValue("$rc", record.RedriveCount);
                p.AddWithValue("$rd", record.RedriveDate is { } r ? Format(r) : DBNull.Value);
                p.AddWithValue("$cs", (object?)record.CheckpointState ?? DBNull.Value);
                p.AddWithValue("$ci", (object?)record.CheckpointInput ?? DBNull.Value);
                p.AddWithValue("$last", record.LastEventId);
                p.AddWithValue("$cu", (object?)record.CheckpointUnits ?? DBNull.Value);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            InsertEvents(transaction, record.ExecutionArn, newEvents);
            transaction.Commit();
        }
        finally
        {
            gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task CheckpointAsync(string executionArn, ExecutionCheckpoint? checkpoint, long lastEventId, HistorySlice newEvents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(newEvents);
        await gate.WaitAsync(cancellationToken);
        try
        {
            // Synchronous calls on purpose: Microsoft.Data.Sqlite has no real async I/O, its async methods only add overhead.
            using var transaction = connection.BeginTransaction();
            SqliteCommand command;
            if (checkpoint is null)
            {
                command = lastEventCommand ??= Prepare("UPDATE executions SET last_event_id = $last WHERE arn = $arn", "$last", "$arn");
            }
            else
            {
                command = checkpointCommand ??= Prepare(
                    "UPDATE executions SET checkpoint_state = $cs, checkpoint_input = $ci, checkpoint_units = $cu, last_event_id = $last WHERE arn = $arn", "$cs", "$ci", "$cu", "$last", "$arn");
                command.Parameters["$cs"].Value = checkpoint.State;
                command.Parameters["$ci"].Value = checkpoint.Input;
                command.Parameters["$cu"].Value = (object?)checkpoint.Units ?? DBNull.Value;
            }

            command.Parameters["$last"].Value = lastEventId;
            command.Parameters["$arn"].Value = executionArn;
            command.Transaction = transaction;
            command.ExecuteNonQuery();
            InsertEvents(transaction, executionArn, newEvents);
            transaction.Commit();
        }
        finally
        {
            gate.Release();
        }
    }

    private void InsertEvents(SqliteTransaction transaction, string executionArn, HistorySlice slice)
    {
        if (slice.Count == 0)
        {
            return;
        }

        var insert = historyCommand ??= Prepare("INSERT OR REPLACE INTO history VALUES ($arn, $id, $body)", "$arn", "$id", "$body");
        insert.Transaction = transaction;
        insert.Parameters["$arn"].Value = executionArn;
        foreach (var e in slice.ToEvents())
        {
            insert.Parameters["$id"].Value = e.Id;
            insert.Parameters["$body"].Value = SerializeEvent(e);
            insert.ExecuteNonQuery();
        }
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    /// <inheritdoc />
    public async Task<ExecutionRecord?> GetExecutionAsync(string executionArn, CancellationToken cancellationToken) =>
        (await QueryAsync("SELECT * FROM executions WHERE arn = $arn", c => c.Parameters.AddWithValue("$arn", executionArn), ReadExecution, cancellationToken)) is [var e, ..] ? e : null;

    /// <inheritdoc />
    public Task<IReadOnlyList<ExecutionRecord>> ListExecutionsAsync(string? stateMachineArn, string? status, CancellationToken cancellationToken) =>
        QueryAsync(
            "SELECT * FROM executions WHERE ($sm IS NULL OR sm_arn = $sm) AND ($status IS NULL OR status = $status) ORDER BY start_date DESC, name",
            c =>
            {
                c.Parameters.AddWithValue("$sm", (object?)stateMachineArn ?? DBNull.Value);
                c.Parameters.AddWithValue("$status", (object?)status ?? DBNull.Value);
            },
            ReadExecution,
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string executionArn, CancellationToken cancellationToken) =>
        QueryAsync("SELECT body FROM history WHERE execution_arn = $arn ORDER BY id", c => c.Parameters.AddWithValue("$arn", executionArn), r => DeserializeEvent(r.GetString(0)), cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await gate.WaitAsync();
        try
        {
            checkpointCommand?.Dispose();
            lastEventCommand?.Dispose();
            historyCommand?.Dispose();
            await connection.DisposeAsync();
        }
        finally
        {
            gate.Release();
            gate.Dispose();
        }
    }

    private static string Format(DateTimeOffset value) => value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static StateMachineRecord ReadMachine(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), Parse(r.GetString(5)), Parse(r.GetString(6)), r.GetString(7));

    private static ExecutionRecord ReadExecution(SqliteDataReader r)
    {
        string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        return new ExecutionRecord(
            r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6),
            Text(7), Text(8), Text(9), Parse(r.GetString(10)), Text(11) is { } stop ? Parse(stop) : null, r.GetInt32(12),
            Text(13) is { } rd ? Parse(rd) : null, Text(14), Text(15), r.GetInt64(16))
        {
            CheckpointUnits = Text(17),
        };
    }

    /// <summary>The stored body of an event, written straight to UTF-8 (state payloads are copied, not re-parsed).</summary>
    private string SerializeEvent(HistoryEvent e)
    {
        eventBuffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(eventBuffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("id", e.Id);
            writer.WriteNumber("previousEventId", e.PreviousEventId);
            writer.WriteString("type", e.Type);
            writer.WriteString("timestamp", Format(e.Timestamp));
            if (e.DetailsName is not null)
            {
                writer.WriteString("detailsName", e.DetailsName);
                writer.WritePropertyName("details");
                if (e.Compact is PayloadDetails payload)
                {
                    writer.WriteStartObject();
                    if (payload.Name is not null)
                    {
                        writer.WriteString("name", payload.Name);
                    }

                    writer.WriteString(payload.Member, payload.Payload);
                    writer.WriteStartObject(payload.Member + "Details");
                    writer.WriteBoolean("truncated", false);
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                }
                else if (e.Details is { } details)
                {
                    details.WriteTo(writer);
                }
                else
                {
                    writer.WriteNullValue();
                }
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(eventBuffer.WrittenSpan);
    }

    private static HistoryEvent DeserializeEvent(string body)
    {
        var obj = (JsonObject)JsonValues.Parse(body)!;
        return new HistoryEvent(
            obj["id"]!.GetValue<long>(), obj["previousEventId"]!.GetValue<long>(), obj["type"]!.GetValue<string>(),
            Parse(obj["timestamp"]!.GetValue<string>()), obj["detailsName"]?.GetValue<string>(), obj["details"]?.DeepClone() as JsonObject);
    }

    private async Task ExecuteAsync(string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            bind(command);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, Action<SqliteCommand> bind, Func<SqliteDataReader, T> read, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            bind(command);
            using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var result = new List<T>();
            while (await reader.ReadAsync(cancellationToken))
            {
                result.Add(read(reader));
            }

            return result;
        }
        finally
        {
            gate.Release();
        }
    }
}
