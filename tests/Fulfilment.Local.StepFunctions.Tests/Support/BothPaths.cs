namespace Fulfilment.Local.StepFunctions.Tests.Support;

/// <summary>
/// Theory data over both values of <c>ExecutionServiceOptions.FastPaths</c>: the engine's byte-level shortcuts on (the
/// default) and off (every state through the node pipeline) must give the same outcome.
/// </summary>
public static class BothPaths
{
    public static TheoryData<T, bool> Cross<T>(IEnumerable<T> rows)
    {
        var data = new TheoryData<T, bool>();
        foreach (var row in rows)
        {
            data.Add(row, true);
            data.Add(row, false);
        }

        return data;
    }

    public static TheoryData<T1, T2, T3, bool> Cross<T1, T2, T3>(TheoryData<T1, T2, T3> rows)
    {
        var data = new TheoryData<T1, T2, T3, bool>();
        foreach (var row in rows)
        {
            data.Add((T1)row[0], (T2)row[1], (T3)row[2], true);
            data.Add((T1)row[0], (T2)row[1], (T3)row[2], false);
        }

        return data;
    }

    public static TheoryData<T1, T2, T3, T4, bool> Cross<T1, T2, T3, T4>(TheoryData<T1, T2, T3, T4> rows)
    {
        var data = new TheoryData<T1, T2, T3, T4, bool>();
        foreach (var row in rows)
        {
            data.Add((T1)row[0], (T2)row[1], (T3)row[2], (T4)row[3], true);
            data.Add((T1)row[0], (T2)row[1], (T3)row[2], (T4)row[3], false);
        }

        return data;
    }
}
