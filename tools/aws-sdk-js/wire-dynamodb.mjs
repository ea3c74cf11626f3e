// Wire compatibility: @aws-sdk/client-dynamodb through the local edge (AWS_ENDPOINT_URL) to DynamoDB Local.
import { DynamoDBClient, CreateTableCommand, PutItemCommand, GetItemCommand } from "@aws-sdk/client-dynamodb";

const ddb = new DynamoDBClient({ region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
const table = `js-${Math.random().toString(36).slice(2, 10)}`;
await ddb.send(new CreateTableCommand({
  TableName: table, BillingMode: "PAY_PER_REQUEST",
  AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }], KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
}));
const put = { TableName: table, Item: { pk: { S: "a" }, v: { N: "1" } }, ConditionExpression: "attribute_not_exists(pk)" };
await ddb.send(new PutItemCommand(put));
let conditionError = "none";
try {
  await ddb.send(new PutItemCommand(put));
} catch (e) {
  conditionError = e.name;
}
const got = await ddb.send(new GetItemCommand({ TableName: table, Key: { pk: { S: "a" } } }));
console.log(JSON.stringify({ value: got.Item.v.N, conditionError }));
