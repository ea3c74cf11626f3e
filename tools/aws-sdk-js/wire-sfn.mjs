// Wire compatibility: @aws-sdk/client-sfn through the local edge (AWS_ENDPOINT_URL) to the local engine.
// Create a state machine, start the same name twice, read history, redrive a failed execution.
import {
  SFNClient, CreateStateMachineCommand, StartExecutionCommand, DescribeExecutionCommand, GetExecutionHistoryCommand, RedriveExecutionCommand,
} from "@aws-sdk/client-sfn";

const sfn = new SFNClient({ region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
const suffix = Math.random().toString(36).slice(2, 10);
const role = "arn:aws:iam::000000000000:role/local";
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function finished(executionArn) {
  for (const end = Date.now() + 30000; Date.now() < end; await sleep(20)) {
    const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (d.status !== "RUNNING") return d;
  }
  throw new Error(`execution ${executionArn} did not finish`);
}

const pass = await sfn.send(new CreateStateMachineCommand({
  name: `js-pass-${suffix}`, roleArn: role, definition: JSON.stringify({ StartAt: "P", States: { P: { Type: "Pass", End: true } } }),
}));
const first = await sfn.send(new StartExecutionCommand({ stateMachineArn: pass.stateMachineArn, name: "order-1", input: "{\"n\":1}" }));
const done = await finished(first.executionArn);
let secondError = "none";
try {
  await sfn.send(new StartExecutionCommand({ stateMachineArn: pass.stateMachineArn, name: "order-1", input: "{\"n\":2}" }));
} catch (e) {
  secondError = e.name;
}
const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn: first.executionArn }));

const fail = await sfn.send(new CreateStateMachineCommand({
  name: `js-fail-${suffix}`, roleArn: role, definition: JSON.stringify({ StartAt: "F", States: { F: { Type: "Fail", Error: "Broken" } } }),
}));
const failed = await sfn.send(new StartExecutionCommand({ stateMachineArn: fail.stateMachineArn, input: "{}" }));
const failedDone = await finished(failed.executionArn);
await sfn.send(new RedriveExecutionCommand({ executionArn: failed.executionArn }));
let redriven;
for (const end = Date.now() + 30000; Date.now() < end; await sleep(20)) {
  redriven = await sfn.send(new DescribeExecutionCommand({ executionArn: failed.executionArn }));
  if (redriven.redriveCount === 1 && redriven.status !== "RUNNING") break;
}

console.log(JSON.stringify({
  status: done.status, secondError, firstEvent: history.events[0].type, lastEvent: history.events.at(-1).type,
  failedStatus: failedDone.status, failedError: failedDone.error, redriveCount: redriven.redriveCount,
}));
