using System.Buffers;
using System.IO.Pipelines;

namespace Fulfilment.Local.Edge.Relay;

/// <summary>
/// The input Kestrel reads a client connection through. At each request boundary it parses the next request head:
/// requests for an emulator are relayed as bytes right here and Kestrel never sees them; every other request is
/// shown to Kestrel, and only up to its end, so the relay gets to look at the request after it.
/// </summary>
/// <remarks>
/// Kestrel reads the next request only after it has written the previous response, so relayed responses and Kestrel's
/// responses leave the connection in request order. Requests whose end the relay cannot tell (chunked, upgrades,
/// malformed heads) switch the connection to plain pass-through: Kestrel then handles all of its remaining requests.
/// </remarks>
internal sealed class RelayingPipeReader(PipeReader inner, ConnectionRelay relay) : PipeReader
{
    private long _kestrelRemaining;
    private bool _passThrough;
    private bool _cancelRequested;
    private bool _synthetic;
    private ReadOnlySequence<byte> _exposed;

    public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (_passThrough)
            {
                return await inner.ReadAsync(cancellationToken);
            }

            if (_kestrelRemaining == 0 && _cancelRequested)
            {
                // Kestrel asked to stop (keep-alive timeout, shutdown) while a relay was running: let it end the connection.
                _passThrough = true;
                inner.CancelPendingRead();
                continue;
            }

            var result = await inner.ReadAsync(cancellationToken);
            if (_kestrelRemaining > 0)
            {
                return Expose(result);
            }

            var buffer = result.Buffer;
            if (result.IsCanceled || (result.IsCompleted && buffer.IsEmpty))
            {
                _passThrough |= result.IsCanceled;
                _cancelRequested = false;
                return result;
            }

            switch (RequestHeadParser.TryParse(buffer, out var head))
            {
                case RequestHeadParser.Outcome.Incomplete when !result.IsCompleted:
                    inner.AdvanceTo(buffer.Start, buffer.End);
                    continue;
                case RequestHeadParser.Outcome.Incomplete or RequestHeadParser.Outcome.Unsupported:
                    _passThrough = true;
                    return result;
            }

            if (head!.UnknownFraming)
            {
                _passThrough = true;
                return result;
            }

            var outcome = relay.Route(head) is { } upstream
                ? await relay.RelayAsync(upstream, head, result, inner, cancellationToken)
                : RelayOutcome.Declined;
            switch (outcome)
            {
                case RelayOutcome.Relayed:
                    continue;
                case RelayOutcome.Close:
                    // The relay has consumed what it read; an empty, completed read makes Kestrel close the connection.
                    _synthetic = true;
                    return new ReadResult(ReadOnlySequence<byte>.Empty, isCanceled: false, isCompleted: true);
                default:
                    _kestrelRemaining = head.Length + head.ContentLength;
                    return Expose(result);
            }
        }
    }

    public override bool TryRead(out ReadResult result)
    {
        if (_passThrough)
        {
            return inner.TryRead(out result);
        }

        // At a request boundary the next head must be looked at first, which only ReadAsync does.
        if (_kestrelRemaining > 0 && inner.TryRead(out var read))
        {
            result = Expose(read);
            return true;
        }

        result = default;
        return false;
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        if (_synthetic)
        {
            _synthetic = false;
            return;
        }

        if (!_passThrough)
        {
            _kestrelRemaining -= _exposed.Slice(_exposed.Start, consumed).Length;
            _exposed = default;
        }

        inner.AdvanceTo(consumed, examined);
    }

    public override void CancelPendingRead()
    {
        _cancelRequested = true;
        inner.CancelPendingRead();
    }

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

    private ReadResult Expose(ReadResult result)
    {
        if (result.IsCanceled)
        {
            _cancelRequested = false;
        }

        var buffer = result.Buffer;
        if (buffer.Length > _kestrelRemaining)
        {
            // The next request is already buffered: hide it until Kestrel is done with this one.
            _exposed = buffer.Slice(0, _kestrelRemaining);
            return new ReadResult(_exposed, result.IsCanceled, isCompleted: false);
        }

        _exposed = buffer;
        return result;
    }
}

/// <summary>What happened to a request the relay looked at.</summary>
internal enum RelayOutcome
{
    /// <summary>Relayed; the connection goes on with the next request.</summary>
    Relayed,

    /// <summary>Relayed or answered, and the connection must close now.</summary>
    Close,

    /// <summary>Nothing consumed, nothing written: Kestrel handles the request.</summary>
    Declined,
}
