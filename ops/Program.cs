using Fulfilment.Ops;

return await FulfilApp.RunAsync(args, Console.Out, Console.Error, CancellationToken.None);
