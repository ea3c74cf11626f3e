// Wire compatibility: the official AWS SDK for JavaScript v3 against the local edge (AWS_ENDPOINT_URL).
// EventBridge rule + SQS target + PutEvents, then receive the event from the queue; then DLQ redrive with
// StartMessageMoveTask. Prints one JSON line with the results; exits non-zero on any failure.
import { EventBridgeClient, PutRuleCommand, PutTargetsCommand, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import {
  SQSClient, CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand,
  StartMessageMoveTaskCommand, ListMessageMoveTasksCommand, ListDeadLetterSourceQueuesCommand,
} from "@aws-sdk/client-sqs";

const config = { region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } };
const events = new EventBridgeClient(config);
// fauxqs names queue URLs on host sqs.<region>.localhost, which does not resolve: tell the SQS client to keep using
// the configured endpoint (the edge) instead of the queue URL's host.
const sqs = new SQSClient({ ...config, endpoint: process.env.AWS_ENDPOINT_URL, useQueueUrlAsEndpoint: false });
const suffix = Math.random().toString(36).slice(2, 10);
const deadline = (seconds) => Date.now() + seconds * 1000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function arnOf(url) {
  const a = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["QueueArn"] }));
  return a.Attributes.QueueArn;
}

const target = (await sqs.send(new CreateQueueCommand({ QueueName: `js-target-${suffix}` }))).QueueUrl;
await events.send(new PutRuleCommand({ Name: `js-${suffix}`, EventPattern: JSON.stringify({ source: [`js.${suffix}`] }) }));
const put = await events.send(new PutTargetsCommand({ Rule: `js-${suffix}`, Targets: [{ Id: "q", Arn: await arnOf(target) }] }));
if (put.FailedEntryCount !== 0) throw new Error(`PutTargets failed: ${JSON.stringify(put.FailedEntries)}`);
const sent = await events.send(new PutEventsCommand({
  Entries: [{ Source: `js.${suffix}`, DetailType: "OrderStatusChanged", Detail: JSON.stringify({ orderId: "o-js" }) }],
}));
if (sent.FailedEntryCount !== 0) throw new Error(`PutEvents failed: ${JSON.stringify(sent.Entries)}`);

let delivered;
for (const end = deadline(30); !delivered && Date.now() < end;) {
  const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl: target, WaitTimeSeconds: 1 }));
  delivered = r.Messages?.[0];
}
if (!delivered) throw new Error("the event never reached the SQS target");
const event = JSON.parse(delivered.Body);

const dlq = (await sqs.send(new CreateQueueCommand({ QueueName: `js-dlq-${suffix}` }))).QueueUrl;
const dlqArn = await arnOf(dlq);
const source = (await sqs.send(new CreateQueueCommand({
  QueueName: `js-src-${suffix}`,
  Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: "1" }) },
}))).QueueUrl;
for (let i = 0; i < 3; i++) await sqs.send(new SendMessageCommand({ QueueUrl: dlq, MessageBody: `dead-${i}` }));
const sources = await sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlq }));
await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlqArn }));
let status;
for (const end = deadline(30); status !== "COMPLETED" && Date.now() < end; await sleep(50)) {
  status = (await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: dlqArn }))).Results?.[0]?.Status;
}
const back = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: source, AttributeNames: ["ApproximateNumberOfMessages"] }));

console.log(JSON.stringify({
  eventId: event.id, expectedEventId: sent.Entries[0].EventId, detailOrderId: event.detail.orderId,
  deadLetterSources: sources.queueUrls?.length ?? 0, moveStatus: status, movedBack: Number(back.Attributes.ApproximateNumberOfMessages),
}));
