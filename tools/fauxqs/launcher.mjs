// Starts the fauxqs SQS emulator on 127.0.0.1 only (its own startFauxqs binds 0.0.0.0), prints
// {"port":N} as the first stdout line once it listens, and exits when stdin closes so that the
// emulator never outlives the process that started it.
import { buildApp } from "fauxqs";

const portArg = process.argv.indexOf("--port");
const port = portArg > 0 ? Number.parseInt(process.argv[portArg + 1], 10) : 0;
const region = process.env.FAUXQS_DEFAULT_REGION ?? "us-east-1";

const app = buildApp({ logger: false, defaultRegion: region });
await app.listen({ port, host: "127.0.0.1" });
const address = app.server.address();
process.stdout.write(JSON.stringify({ port: address.port }) + "\n");

const stop = async () => {
  try {
    await app.close();
  } finally {
    process.exit(0);
  }
};
process.stdin.on("end", stop);
process.stdin.on("close", stop);
process.stdin.resume();
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
