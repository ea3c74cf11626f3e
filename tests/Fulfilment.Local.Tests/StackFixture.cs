using Fulfilment.Local.Testing;

namespace Fulfilment.Local.Tests;

/// <summary>The whole local stack, in memory, on free loopback ports, with the functions in-process (one per test run).</summary>
public sealed class StackFixture : LocalStackFixture
{
    protected override string CustomerId => "cust-e2e";
}

[CollectionDefinition(Name)]
public sealed class StackCollection : ICollectionFixture<StackFixture>
{
    public const string Name = "stack";
}
