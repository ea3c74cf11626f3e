// The official AWS SDK for JavaScript v3 side of the parity tests of platform/Fulfilment.Aws
// (tests/Fulfilment.Aws.Tests/OfficialSdk). Reads a plan on stdin, makes each call with a client of its own, and prints
// one JSON line: per call the host:port the client connected to and what it surfaced (output or error name, status,
// message), plus what the SDK's service model says of each operation (host prefix, idempotency-token members).
//
// Plan: { region, secretAccessKey, routes: { plainPort, tlsPort, caPem, customHost },
//         calls: [{ label, case, accessKeyId, sessionToken?, endpoint?, disableHostPrefix }] }
// A case is "service.Operation" or "service.Operation#variant"; its input is written below, as a JavaScript user would.
// Connections are routed without DNS, by the same rules as the test's LoopbackRoutes: the public names of the region
// (port 443) go to the TLS capture server, the custom host (with any prefix) to the plain one, an IP address to itself,
// and any other name fails as an unknown name would.
import http from "node:http";
import https from "node:https";
import net from "node:net";
import tls from "node:tls";
import * as sfn from "@aws-sdk/client-sfn";
import * as eventbridge from "@aws-sdk/client-eventbridge";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { NormalizedSchema } from "@smithy/core/schema";

const services = { states: { module: sfn, Client: sfn.SFNClient }, events: { module: eventbridge, Client: eventbridge.EventBridgeClient } };

const stateMachineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:order-fulfilment";
const executionArn = "arn:aws:states:us-east-1:123456789012:execution:order-fulfilment:01HXAMPLE0RDER";
const sfnRoleArn = "arn:aws:iam::123456789012:role/order-fulfilment-sfn";
const definition = '{"Comment":"a < b & c > d, \\"quoted\\", ü","StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}';
const input = '{"orderId":"01HXAMPLE0RDER","note":"quote \\" backslash \\\\ tag </script> euro €"}';
const taskToken = "AAAAKgAAAAIAAAAAAAAAAU+/token=with+slash/and=equals==";
const busArn = "arn:aws:events:us-east-1:123456789012:event-bus/fulfilment";
const ruleArn = "arn:aws:events:us-east-1:123456789012:rule/fulfilment/order-status";
const archiveArn = "arn:aws:events:us-east-1:123456789012:archive/fulfilment-archive";
const queueArn = "arn:aws:sqs:us-east-1:123456789012:order-status";
const eventsRoleArn = "arn:aws:iam::123456789012:role/fulfilment-events";
const pattern = '{"source":["fulfilment.orders"],"detail-type":["OrderStatusChanged"],"detail":{"status":[{"anything-but":"Received"}]}}';
const detail = '{"orderId":"01HXAMPLE0RDER","status":"Completed","reason":"quote \\" <b>ü</b>","sequence":4}';
const eventTime = new Date("2024-05-01T12:00:00.123Z");
const replayEnd = new Date("2024-05-02T00:00:00Z");

const inputs = {
  "states.CreateStateMachine": { name: "order-fulfilment", definition, roleArn: sfnRoleArn, type: "EXPRESS", publish: true },
  "states.UpdateStateMachine": { stateMachineArn, definition, roleArn: sfnRoleArn },
  "states.DescribeStateMachine": { stateMachineArn },
  "states.ListStateMachines": { maxResults: 25, nextToken: "page-2" },
  "states.DeleteStateMachine": { stateMachineArn },
  "states.StartExecution": {
    stateMachineArn, name: "01HXAMPLE0RDER", input, traceHeader: "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
  },
  "states.StartSyncExecution": { stateMachineArn, name: "01HXAMPLE0RDER", input },
  "states.DescribeExecution": { executionArn },
  "states.ListExecutions": { stateMachineArn, statusFilter: "FAILED", redriveFilter: "NOT_REDRIVEN", maxResults: 100, nextToken: "page-2" },
  "states.GetExecutionHistory": { executionArn, maxResults: 50, reverseOrder: true, nextToken: "page-2", includeExecutionData: false },
  "states.StopExecution": { executionArn, error: "Ops.Stopped", cause: 'stopped by the runbook: "duplicate"' },
  "states.RedriveExecution#withToken": { executionArn, clientToken: "0f8fad5b-d9cb-469f-a165-70867728950e" },
  "states.RedriveExecution#withoutToken": { executionArn },
  "states.SendTaskSuccess": { taskToken, output: input },
  "states.SendTaskFailure": { taskToken, error: "PaymentDeclined", cause: "card declined" },
  "states.SendTaskHeartbeat": { taskToken },

  "events.PutEvents": {
    Entries: [
      {
        Time: eventTime, Source: "fulfilment.orders", Resources: ["arn:aws:states:us-east-1:123456789012:execution:order-fulfilment:01HXAMPLE0RDER"],
        DetailType: "OrderStatusChanged", Detail: detail, EventBusName: "fulfilment", TraceHeader: "Root=1-5759e988-bd862e3fe1be46a994272793",
      },
      { Time: replayEnd, Source: "fulfilment.orders", DetailType: "OrderStatusChanged", Detail: "{}" },
    ],
  },
  "events.TestEventPattern": { EventPattern: pattern, Event: detail },
  "events.CreateEventBus": { Name: "fulfilment", Description: "order status changes" },
  "events.DescribeEventBus": { Name: "fulfilment" },
  "events.DescribeEventBus#default": {},
  "events.DeleteEventBus": { Name: "fulfilment" },
  "events.ListEventBuses": { NamePrefix: "fulf", NextToken: "page-2", Limit: 10 },
  "events.PutRule": {
    Name: "order-status", EventPattern: pattern, State: "ENABLED", Description: "to the status queue", RoleArn: eventsRoleArn, EventBusName: "fulfilment",
  },
  "events.PutRule#schedule": { Name: "nightly", ScheduleExpression: "rate(5 minutes)", State: "DISABLED" },
  "events.DescribeRule": { Name: "order-status", EventBusName: "fulfilment" },
  "events.DeleteRule": { Name: "order-status", EventBusName: "fulfilment", Force: true },
  "events.EnableRule": { Name: "order-status", EventBusName: "fulfilment" },
  "events.DisableRule": { Name: "order-status", EventBusName: "fulfilment" },
  "events.ListRules": { NamePrefix: "order", EventBusName: "fulfilment", NextToken: "page-2", Limit: 50 },
  "events.PutTargets": {
    Rule: "order-status", EventBusName: "fulfilment",
    Targets: [
      {
        Id: "queue", Arn: "arn:aws:sqs:us-east-1:123456789012:order-status.fifo", Input: '{"fixed":true}',
        SqsParameters: { MessageGroupId: "orders" }, DeadLetterConfig: { Arn: queueArn + "-dlq" },
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
      },
      { Id: "path", Arn: queueArn, InputPath: "$.detail" },
      {
        Id: "shaped", Arn: "arn:aws:states:us-east-1:123456789012:stateMachine:notify", RoleArn: eventsRoleArn,
        InputTransformer: {
          InputPathsMap: { order: "$.detail.orderId", status: "$.detail.status" },
          InputTemplate: '{"order": <order>, "status": <status>, "rule": "<aws.events.rule-name>"}',
        },
      },
    ],
  },
  "events.RemoveTargets": { Rule: "order-status", EventBusName: "fulfilment", Ids: ["queue", "audit"], Force: true },
  "events.ListTargetsByRule": { Rule: "order-status", EventBusName: "fulfilment", NextToken: "page-2", Limit: 5 },
  "events.CreateArchive": {
    ArchiveName: "fulfilment-archive", EventSourceArn: busArn, Description: "replays after an outage", EventPattern: pattern, RetentionDays: 30,
  },
  "events.DescribeArchive": { ArchiveName: "fulfilment-archive" },
  "events.StartReplay": {
    ReplayName: "outage-1", EventSourceArn: archiveArn, EventStartTime: eventTime, EventEndTime: replayEnd,
    Destination: { Arn: busArn, FilterArns: [ruleArn] }, Description: "after the outage",
  },
  "events.DescribeReplay": { ReplayName: "outage-1" },
};

const plan = JSON.parse(await new Promise((resolve, reject) => {
  let text = "";
  process.stdin.setEncoding("utf8").on("data", (chunk) => { text += chunk; }).on("end", () => resolve(text)).on("error", reject);
}));
const { routes } = plan;
const publicSuffix = `.${plan.region}.amazonaws.com`;

function route(host, port) {
  if (net.isIP(host.replace(/^\[|\]$/g, ""))) return { host: host.replace(/^\[|\]$/g, ""), port };
  if (host.endsWith(publicSuffix) && port === 443) return { host: "127.0.0.1", port: routes.tlsPort };
  if ((host === routes.customHost || host.endsWith("-" + routes.customHost)) && port === routes.plainPort) return { host: "127.0.0.1", port: routes.plainPort };
  return null;
}

function unknownHost(host) {
  return Object.assign(new Error(`getaddrinfo ENOTFOUND ${host} (not routed by the test)`), { code: "ENOTFOUND", hostname: host });
}

// Agents that connect by the routes above and note each host:port the SDK asked for.
function agents(connects) {
  const routed = (options, connect) => {
    connects.push(`${options.host}:${options.port}`);
    const target = route(options.host, Number(options.port));
    if (target) return connect(target);
    const socket = new net.Socket();
    process.nextTick(() => socket.destroy(unknownHost(options.host)));
    return socket;
  };
  class RoutedHttpAgent extends http.Agent {
    createConnection(options, callback) {
      return routed(options, (target) => net.connect({ ...options, ...target }, callback));
    }
  }
  class RoutedHttpsAgent extends https.Agent {
    createConnection(options, callback) {
      const servername = options.servername || options.host;
      return routed(options, (target) => tls.connect({ ...options, ...target, servername, ca: routes.caPem }, callback));
    }
  }
  return { httpAgent: new RoutedHttpAgent({ keepAlive: false }), httpsAgent: new RoutedHttpsAgent({ keepAlive: false, ca: routes.caPem }) };
}

// What the service model (as compiled into the SDK) says of an operation.
function model(service, operation) {
  const schema = services[service].module[`${operation}$`];
  if (!schema) throw new Error(`the SDK has no operation ${service}.${operation}`);
  const traits = NormalizedSchema.of(schema).getMergedTraits();
  const tokens = [];
  // An operation schema is [kind, namespace, name, traits, input, output].
  for (const [member, memberSchema] of NormalizedSchema.of(schema[4]).structIterator()) {
    if (memberSchema.isIdempotencyToken()) tokens.push(member);
  }
  return { hostPrefix: traits.endpoint?.[0] ?? null, idempotencyTokens: tokens };
}

const results = [];
const models = {};
for (const call of plan.calls) {
  const [service, rest] = call.case.split(".");
  const operation = rest.split("#")[0];
  models[`${service}.${operation}`] ??= model(service, operation);
  const caseInput = inputs[call.case];
  if (!caseInput) throw new Error(`sdk-parity.mjs has no input for ${call.case}`);
  const connects = [];
  const client = new services[service].Client({
    region: plan.region,
    credentials: { accessKeyId: call.accessKeyId, secretAccessKey: plan.secretAccessKey, sessionToken: call.sessionToken ?? undefined },
    ...(call.endpoint ? { endpoint: call.endpoint } : {}),
    disableHostPrefix: call.disableHostPrefix,
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler(agents(connects)),
  });
  const Command = services[service].module[`${operation}Command`];
  let outcome;
  try {
    const { $metadata, ...output } = await client.send(new Command(structuredClone(caseInput)));
    outcome = { ok: true, status: $metadata.httpStatusCode, output };
  } catch (e) {
    outcome = { ok: false, error: { name: e.name, status: e.$metadata?.httpStatusCode ?? 0, message: e.message, requestId: e.$metadata?.requestId ?? null } };
  }
  client.destroy();
  results.push({ label: call.label, connect: connects[0] ?? null, ...outcome });
}

console.log(JSON.stringify({ calls: results, models }));
