// Placeholder entry point until the handler wiring (InventoryFunction) is hosted by platform/Fulfilment.Lambda.
return 0;
