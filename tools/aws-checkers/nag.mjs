// cdk-nag on templates that were synthesized elsewhere (the C# CDK app): each template is imported into a JavaScript
// construct tree with cloudformation-include (CfnInclude makes an L1 construct of every resource, which is what the
// rules read), and the AWS Solutions and Serverless packs validate that tree directly.
// Usage: node nag.mjs TEMPLATE.json...   Prints one JSON object: { "<template>": [ {pack, rule, resource, severity, description} ] }.
import { App, Stack } from "aws-cdk-lib";
import { CfnInclude } from "aws-cdk-lib/cloudformation-include";
import { AwsSolutionsChecks, ServerlessChecks } from "cdk-nag";
import { existsSync } from "node:fs";

const templates = process.argv.slice(2);
if (templates.length === 0) {
  console.error("usage: node nag.mjs TEMPLATE.json... (the CloudFormation templates to check)");
  process.exit(2);
}

const result = {};
for (const template of templates) {
  if (!existsSync(template)) {
    console.error(`No template at ${template}: synthesize the CDK app first.`);
    process.exit(2);
  }

  const app = new App();
  const stack = new Stack(app, "Checked");
  try {
    new CfnInclude(stack, "Template", { templateFile: template });
  } catch (error) {
    console.error(`cloudformation-include could not read ${template}: ${error.message}`);
    process.exit(3);
  }

  const findings = [];
  // verbose: a rule that cannot evaluate a property (an intrinsic it does not resolve) says why.
  for (const pack of [new AwsSolutionsChecks(app, { verbose: true }), new ServerlessChecks(app, { verbose: true })]) {
    const report = pack.validateScope(stack);
    for (const violation of report.violations) {
      for (const resource of violation.violatingResources) {
        findings.push({
          pack: pack.readPackName,
          rule: violation.ruleName,
          // CfnInclude names each construct by its logical id: "Checked/Template/<LogicalId>".
          resource: resource.constructPath.split("/").pop(),
          severity: violation.severity ?? "",
          description: violation.description,
        });
      }
    }
  }

  result[template] = findings;
}

process.stdout.write(JSON.stringify(result, null, 2) + "\n");
