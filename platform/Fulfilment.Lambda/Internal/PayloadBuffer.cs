using System.Buffers;

namespace Fulfilment.Lambda.Internal;

/// <summary>One growable buffer reused for every event body, so a warm invocation does not allocate its payload.</summary>
internal sealed class PayloadBuffer : IDisposable
{
    private byte[] _array = ArrayPool<byte>.Shared.Rent(16 * 1024);
    private int _length;

    public ReadOnlyMemory<byte> Memory => _array.AsMemory(0, _length);

    public async Task ReadFromAsync(Stream stream, long? contentLength, CancellationToken ct)
    {
        _length = 0;
        if (contentLength is { } expected && expected > _array.Length)
        {
            Grow((int)Math.Min(expected, Array.MaxLength));
        }

        while (true)
        {
            if (_length == _array.Length)
            {
                Grow(_array.Length * 2);
            }

            var read = await stream.ReadAsync(_array.AsMemory(_length), ct);
            if (read == 0)
            {
                return;
            }

            _length += read;
        }
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_array);
        _array = [];
    }

    private void Grow(int size)
    {
        var bigger = ArrayPool<byte>.Shared.Rent(size);
        _array.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_array);
        _array = bigger;
    }
}
