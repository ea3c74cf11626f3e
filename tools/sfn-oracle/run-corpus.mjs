// Runs a corpus of state machines in aws-local-stepfunctions (the independent oracle) in ONE node process.
// stdin: [{ id, definition, input }]  stdout: [{ id, status, output, error, cause }]
// Task states call Lambda ARNs whose function name picks the behaviour (the C# tests' FakeLambda does the same):
//   echo          returns its input
//   fail<Name>    throws an error named <Name> (fail alone: "Failure")
//   failOnce<Name> throws <Name> on its first call in a run, then echoes
// Waits and retry intervals are overridden to 0 so the corpus runs instantly.
// Optional argv[2] = "bench": { definition, input, runs } → { runs, elapsedMs }.
import { StateMachine } from 'aws-local-stepfunctions';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const request = JSON.parse(Buffer.concat(chunks).toString('utf8'));

function functionName(resource) {
  const parts = String(resource).split(':');
  return parts[parts.length - 1];
}

function collectTasks(states, out) {
  for (const [name, state] of Object.entries(states)) {
    if (state.Type === 'Task') out.push([name, state]);
    for (const branch of state.Branches ?? []) collectTasks(branch.States, out);
    const processor = state.ItemProcessor ?? state.Iterator;
    if (processor) collectTasks(processor.States, out);
  }
  return out;
}

function collectNames(states, out) {
  for (const [name, state] of Object.entries(states)) {
    out.push(name);
    for (const branch of state.Branches ?? []) collectNames(branch.States, out);
    const processor = state.ItemProcessor ?? state.Iterator;
    if (processor) collectNames(processor.States, out);
  }
  return out;
}

function overridesFor(definition) {
  const calls = new Map();
  const handlers = {};
  for (const [stateName, state] of collectTasks(definition.States, [])) {
    const fn = functionName(state.Resource);
    handlers[stateName] = async (input) => {
      const count = (calls.get(stateName) ?? 0) + 1;
      calls.set(stateName, count);
      if (fn.startsWith('failOnce')) {
        if (count === 1) throw named(fn.slice('failOnce'.length) || 'Failure');
        return input;
      }
      if (fn.startsWith('fail')) throw named(fn.slice(4) || 'Failure');
      return input;
    };
  }
  const zeros = Object.fromEntries(collectNames(definition.States, []).map((n) => [n, 0]));
  return { taskResourceLocalHandlers: handlers, waitTimeOverrides: zeros, retryIntervalOverrides: zeros };
}

function named(name) {
  const error = new Error('boom');
  error.name = name;
  return error;
}

async function runOne(testCase) {
  const definition = typeof testCase.definition === 'string' ? JSON.parse(testCase.definition) : testCase.definition;
  const input = typeof testCase.input === 'string' ? JSON.parse(testCase.input) : testCase.input;
  try {
    const machine = new StateMachine(definition, { validationOptions: { noValidate: true } });
    const execution = machine.run(input, { overrides: overridesFor(definition) });
    const output = await execution.result;
    return { id: testCase.id, status: 'SUCCEEDED', output: output === undefined ? null : output };
  } catch (e) {
    const inner = e?.cause ?? e;
    return { id: testCase.id, status: 'FAILED', error: inner?.name ?? String(inner), cause: inner?.message ?? null };
  }
}

if (process.argv[2] === 'bench') {
  const definition = request.definition;
  const machine = new StateMachine(definition, { validationOptions: { noValidate: true } });
  const overrides = overridesFor(definition);
  const run = async () => { await machine.run(request.input, { overrides }).result; };
  for (let i = 0; i < Math.min(50, request.runs); i++) await run();
  const start = process.hrtime.bigint();
  for (let i = 0; i < request.runs; i++) await run();
  const elapsedMs = Number(process.hrtime.bigint() - start) / 1e6;
  process.stdout.write(JSON.stringify({ runs: request.runs, elapsedMs }));
} else {
  const results = [];
  for (const testCase of request) results.push(await runOne(testCase));
  process.stdout.write(JSON.stringify(results));
}
