namespace Fulfilment.Local.Lambda;

/// <summary>A snapshot of one function: processes started so far, running now, busy now (in-process: running invocations), and invocations waiting.</summary>
public sealed record LocalLambdaFunctionStats(string FunctionName, int ProcessesStarted, int LiveProcesses, int BusyProcesses, int Queued);
