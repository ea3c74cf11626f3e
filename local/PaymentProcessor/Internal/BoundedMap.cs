namespace Fulfilment.Local.PaymentProcessor.Internal;

/// <summary>A dictionary that forgets its oldest keys past a capacity, so a long chaos run cannot exhaust memory. Not thread-safe: callers lock.</summary>
internal sealed class BoundedMap<TKey, TValue>
    where TKey : notnull
{
    private readonly Dictionary<TKey, TValue> _items;
    private readonly Queue<TKey> _insertionOrder = new();
    private readonly int _capacity;

    public BoundedMap(int capacity, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _items = new Dictionary<TKey, TValue>(comparer);
    }

    public int Count => _items.Count;

    public bool TryGetValue(TKey key, out TValue value) => _items.TryGetValue(key, out value!);

    public void Set(TKey key, TValue value)
    {
        if (_items.ContainsKey(key))
        {
            _items[key] = value;
            return;
        }

        while (_items.Count >= _capacity && _insertionOrder.TryDequeue(out var oldest))
        {
            _items.Remove(oldest);
        }

        _items[key] = value;
        _insertionOrder.Enqueue(key);
    }
}
