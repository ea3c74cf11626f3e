// jsii (the bridge to the CDK's JavaScript) is not thread-safe: every test in this assembly runs serially.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
