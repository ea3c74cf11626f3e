using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Fulfilment.Contracts.Errors;
using Fulfilment.Contracts.Steps;
using Fulfilment.Inventory.Internal;
using Microsoft.Extensions.Logging;

namespace Fulfilment.Inventory;

/// <summary>
/// Reserves, releases and commits stock with one DynamoDB transaction per call, so that no sequence of retries,
/// duplicates or races can break <c>available + reserved + sold = stock added</c> (issue 5, DESIGN section 4).
/// </summary>
public sealed partial class InventoryService
{
    /// <summary>DynamoDB's limit on actions in one TransactWriteItems.</summary>
    public const int MaxTransactionActions = 100;

    private const string ReserveUpdate = "SET available = available - :q, reserved = reserved + :q, version = version + :one";
    private const string ReleaseUpdate = "SET available = available + :q, reserved = reserved - :q, version = version + :one";
    private const string CommitUpdate = "SET reserved = reserved - :q, sold = sold + :q, version = version + :one";

    private readonly IAmazonDynamoDB client;
    private readonly InventoryOptions options;
    private readonly TimeProvider time;
    private readonly ILogger<InventoryService> logger;

    /// <summary>Creates the service over a DynamoDB client and the inventory table.</summary>
    public InventoryService(IAmazonDynamoDB client, InventoryOptions options, TimeProvider time, ILogger<InventoryService> logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.TableName);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxAttempts, 1);
        this.client = client;
        this.options = options;
        this.time = time;
        this.logger = logger;
    }

    /// <summary>The table this service reads and writes.</summary>
    public string TableName => options.TableName;

    /// <summary>
    /// Moves each line's quantity from <c>available</c> to <c>reserved</c> and records the reservation, all or nothing.
    /// A repeat for the same order changes nothing: an identical request within DynamoDB's 10-minute token window is
    /// acknowledged by DynamoDB (same result, indistinguishable from the first); a later or altered repeat finds the
    /// stored reservation and returns it with <c>Replayed = true</c>.
    /// </summary>
    /// <exception cref="InsufficientStockException">At least one SKU is short; every short SKU is named.</exception>
    /// <exception cref="NamedErrorException"><c>InvalidInput</c> for bad lines; <c>InventoryUnavailable</c> after exhausted retries.</exception>
    public async Task<ReserveInventoryResult> ReserveAsync(ReserveInventoryRequest request, CancellationToken cancellationToken)
    {
        var lines = Validate(request);
        var now = time.GetUtcNow();
        var transaction = new TransactWriteItemsRequest
        {
            TransactItems =
            [
                .. lines.Select(l => InventoryItems.StockMove(options.TableName, l, ReserveUpdate, "available >= :q")),
                InventoryItems.ReservationPut(options.TableName, request.OrderId, lines, now, request.CorrelationId),
            ],
            ClientRequestToken = DeterministicGuid.Token(request.OrderId, options.TokenScope + "reserve"),
        };

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await client.TransactWriteItemsAsync(transaction, cancellationToken);
                Log.Reserved(logger, request.OrderId, lines.Count, request.CorrelationId);
                return new ReserveInventoryResult(request.OrderId, ReservationStatus.Reserved, lines, now, Replayed: false);
            }
            catch (TransactionCanceledException canceled) when (!TransientFailures.IsTransient(canceled))
            {
                var reasons = canceled.CancellationReasons ?? [];
                if (IsConditionFailure(reasons, lines.Count))
                {
                    // The reservation exists: this is a replay (after the token window, or a duplicate in flight).
                    return await ReplayAsync(request.OrderId, lines, cancellationToken);
                }

                var shortages = Shortages(lines, reasons);
                if (shortages.Count == 0)
                {
                    throw;
                }

                var error = new InsufficientStockException(request.OrderId, shortages);
                Log.InsufficientStock(logger, request.OrderId, error.Message);
                throw error;
            }
            catch (IdempotentParameterMismatchException)
            {
                // Same token, different request (e.g. another timestamp on a retry after a failed first attempt).
                // The reservation's own attribute_not_exists condition keeps us safe without the token.
                var existing = await GetReservationAsync(request.OrderId, cancellationToken);
                if (existing is not null)
                {
                    return ToReplay(existing, lines);
                }

                transaction.ClientRequestToken = null;
            }
            catch (AmazonServiceException ex) when (TransientFailures.IsTransient(ex))
            {
                await BackOffAsync("reserve", request.OrderId, attempt, ex, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Compensation: returns a reservation's stock to <c>available</c>. Idempotent: a second call, or a release of an
    /// order that never reserved anything, succeeds with <c>Changed = false</c>.
    /// </summary>
    /// <exception cref="NamedErrorException"><c>ReservationStateConflict</c> when the reservation was already committed.</exception>
    public async Task<ReservationActionResult> ReleaseAsync(ReservationActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequireOrderId(request.OrderId);
        return await TransitionAsync(request, ReservationStatus.Released, ReleaseUpdate, cancellationToken);
    }

    /// <summary>
    /// Completion: moves a reservation's stock from <c>reserved</c> to <c>sold</c>. Idempotent: a second call succeeds
    /// with <c>Changed = false</c>.
    /// </summary>
    /// <exception cref="NamedErrorException"><c>ReservationStateConflict</c> when released already or never reserved.</exception>
    public async Task<ReservationActionResult> CommitAsync(ReservationActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequireOrderId(request.OrderId);
        return await TransitionAsync(request, ReservationStatus.Committed, CommitUpdate, cancellationToken);
    }

    /// <summary>Reads an order's reservation (strongly consistent), or null when there is none.</summary>
    public async Task<Reservation?> GetReservationAsync(string orderId, CancellationToken cancellationToken)
    {
        RequireOrderId(orderId);
        var response = await client.GetItemAsync(
            new GetItemRequest { TableName = options.TableName, Key = InventoryItems.ReservationKey(orderId), ConsistentRead = true },
            cancellationToken);
        return response.IsItemSet && response.Item is { Count: > 0 } item ? InventoryItems.ToReservation(item) : null;
    }

    private async Task<ReservationActionResult> TransitionAsync(
        ReservationActionRequest request, ReservationStatus target, string stockUpdate, CancellationToken cancellationToken)
    {
        var useToken = true;
        for (var attempt = 1; ; attempt++)
        {
            var reservation = await GetReservationAsync(request.OrderId, cancellationToken);
            if (reservation?.Status != ReservationStatus.Reserved)
            {
                return AlreadyDone(request.OrderId, reservation, target);
            }

            // The stock moves are conditioned on the source counter so that a broken item can never go negative.
            var condition = "reserved >= :q";
            var transaction = new TransactWriteItemsRequest
            {
                TransactItems =
                [
                    .. reservation.Lines.Select(l => InventoryItems.StockMove(options.TableName, l, stockUpdate, condition)),
                    InventoryItems.ReservationTransition(options.TableName, request.OrderId, target, time.GetUtcNow(), request.Reason),
                ],
                ClientRequestToken = useToken ? DeterministicGuid.Token(request.OrderId, options.TokenScope + target) : null,
            };
            try
            {
                await client.TransactWriteItemsAsync(transaction, cancellationToken);
                Log.Transitioned(logger, request.OrderId, target);
                return new ReservationActionResult(request.OrderId, target, Changed: true);
            }
            catch (TransactionCanceledException canceled) when (!TransientFailures.IsTransient(canceled))
            {
                var reasons = canceled.CancellationReasons ?? [];
                if (!IsConditionFailure(reasons, reservation.Lines.Count))
                {
                    throw new NamedErrorException(
                        ErrorNames.ReservationStateConflict,
                        $"Order {request.OrderId}: a stock item holds less reserved stock than the reservation; the stock invariant is broken " +
                        "for that SKU. Inspect the SKU items with the admin tools before retrying.",
                        canceled);
                }

                // Someone else moved the reservation between our read and our write: the next loop reads the outcome.
            }
            catch (IdempotentParameterMismatchException)
            {
                // The token was used by an earlier attempt with another timestamp: re-read and decide again,
                // without the token (the status condition alone keeps the transition exactly-once).
                useToken = false;
            }
            catch (AmazonServiceException ex) when (TransientFailures.IsTransient(ex))
            {
                await BackOffAsync(target.ToString(), request.OrderId, attempt, ex, cancellationToken);
            }
        }
    }

    private ReservationActionResult AlreadyDone(string orderId, Reservation? reservation, ReservationStatus target)
    {
        if (reservation is null)
        {
            if (target == ReservationStatus.Released)
            {
                Log.ReleaseUnknown(logger, orderId);
                return new ReservationActionResult(orderId, null, Changed: false);
            }

            throw new NamedErrorException(
                ErrorNames.ReservationStateConflict,
                $"Order {orderId} has no reservation to commit. Reserve inventory first; a commit without a reservation would sell stock nobody held.");
        }

        if (reservation.Status == target)
        {
            Log.TransitionReplayed(logger, orderId, target);
            return new ReservationActionResult(orderId, target, Changed: false);
        }

        throw new NamedErrorException(
            ErrorNames.ReservationStateConflict,
            $"Order {orderId}: cannot move the reservation to {target} because it is already {reservation.Status}. " +
            "Stock was not changed; check the order's workflow history.");
    }

    private async Task<ReserveInventoryResult> ReplayAsync(string orderId, IReadOnlyList<StockLine> lines, CancellationToken cancellationToken)
    {
        var existing = await GetReservationAsync(orderId, cancellationToken)
            ?? throw new NamedErrorException(
                ErrorNames.InventoryUnavailable,
                $"Order {orderId}: the reservation existed at write time but cannot be read back; retry the call.");
        return ToReplay(existing, lines);
    }

    private ReserveInventoryResult ToReplay(Reservation existing, IReadOnlyList<StockLine> lines)
    {
        if (!existing.Lines.SequenceEqual(lines))
        {
            throw new NamedErrorException(
                ErrorNames.InvalidInput,
                $"Order {existing.OrderId} is already reserved with other lines ({Describe(existing.Lines)}) than requested ({Describe(lines)}). " +
                "An order id must not be reused for different contents.");
        }

        Log.ReserveReplayed(logger, existing.OrderId, existing.Status);
        return new ReserveInventoryResult(existing.OrderId, existing.Status, existing.Lines, existing.ReservedAt, Replayed: true);
    }

    private async Task BackOffAsync(string operation, string orderId, int attempt, AmazonServiceException error, CancellationToken cancellationToken)
    {
        var errorName = error.ErrorCode ?? error.GetType().Name;
        if (attempt >= options.MaxAttempts)
        {
            throw new NamedErrorException(
                ErrorNames.InventoryUnavailable,
                $"Order {orderId}: the inventory table kept failing on {operation} after {attempt} attempts ({errorName}). " +
                "Nothing was changed by the failed attempts; retry later.",
                error);
        }

        // Full jitter: spreads racing callers apart instead of retrying them in lockstep.
        var ceiling = Math.Min(options.MaxDelay.TotalMilliseconds, options.BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        var delay = TimeSpan.FromMilliseconds(Jitter.NextDouble() * ceiling);
        Log.Retrying(logger, operation, orderId, attempt, errorName, delay.TotalMilliseconds);
        await Task.Delay(delay, time, cancellationToken);
    }

    private static bool IsConditionFailure(List<CancellationReason> reasons, int index) =>
        reasons.Count > index && reasons[index].Code == "ConditionalCheckFailed";

    private static List<StockShortage> Shortages(IReadOnlyList<StockLine> lines, List<CancellationReason> reasons)
    {
        var shortages = new List<StockShortage>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (IsConditionFailure(reasons, i))
            {
                // ALL_OLD is the item as the failed condition saw it: no second read that could race.
                var available = InventoryItems.Long(reasons[i].Item, "available");
                shortages.Add(new StockShortage(lines[i].Sku, lines[i].Quantity, (int)Math.Clamp(available, int.MinValue, int.MaxValue)));
            }
        }

        return shortages;
    }

    private static string Describe(IEnumerable<StockLine> lines) => string.Join(", ", lines.Select(l => $"{l.Sku}×{l.Quantity}"));
}
