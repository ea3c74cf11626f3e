// Host check: the official AWS SDK for JavaScript v3 against the local edge (AWS_ENDPOINT_URL, given as 127.0.0.1 or
// localhost). One call per service the edge serves, then one DynamoDB call whose Host header a middleware rewrites
// to another name, as a browser would send it after DNS rebinding. Prints one JSON line; exits non-zero on failure.
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient, ListEventBusesCommand } from "@aws-sdk/client-eventbridge";
import { SFNClient, ListStateMachinesCommand } from "@aws-sdk/client-sfn";
import { SQSClient, ListQueuesCommand } from "@aws-sdk/client-sqs";

const config = { region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" }, maxAttempts: 1 };
const served = {
  dynamodb: Array.isArray((await new DynamoDBClient(config).send(new ListTablesCommand({}))).TableNames),
  eventbridge: Array.isArray((await new EventBridgeClient(config).send(new ListEventBusesCommand({}))).EventBuses),
  stepfunctions: Array.isArray((await new SFNClient(config).send(new ListStateMachinesCommand({}))).stateMachines),
  sqs: (await new SQSClient(config).send(new ListQueuesCommand({}))).$metadata.httpStatusCode === 200,
};

const rebound = new DynamoDBClient(config);
rebound.middlewareStack.add((next) => async (args) => {
  args.request.headers.host = "attacker.example";
  return next(args);
}, { step: "build", priority: "low", name: "reboundHost" });
let refused = null;
try {
  await rebound.send(new ListTablesCommand({}));
} catch (e) {
  refused = { name: e.name, status: e.$metadata?.httpStatusCode ?? 0, message: e.message };
}

console.log(JSON.stringify({ served, refused }));
