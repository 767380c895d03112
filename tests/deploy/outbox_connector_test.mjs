// The example Debezium connector (docs/debezium) names only columns the
// outbox table has (libs/events/schema) and reads that table alone, so it
// keeps working as long as the released schema does.
//
//   node outbox_connector_test.mjs <repo>
import fs from 'node:fs';
import path from 'node:path';
import { Checks } from './rendered.mjs';

const repo = process.argv[2];
const check = new Checks('outbox connector');

const schemaFolder = path.join(repo, 'libs', 'events', 'schema');
const schema = fs.readdirSync(schemaFolder).filter((file) => file.endsWith('.sql'))
  .map((file) => fs.readFileSync(path.join(schemaFolder, file), 'utf8')).join('\n');
const table = schema.match(/CREATE TABLE outbox \(([^;]*)\);/)?.[1] ?? '';
const columns = new Set([...table.matchAll(/^\s*(\w+)\s+[A-Z]/gm)].map(([, column]) => column));
check.that(columns.has('payload'), `outbox columns not found in ${schemaFolder}`);

const connectorFolder = path.join(repo, 'docs', 'debezium');
for (const file of fs.readdirSync(connectorFolder).filter((name) => name.endsWith('.json'))) {
  const { config } = JSON.parse(fs.readFileSync(path.join(connectorFolder, file), 'utf8'));
  const router = Object.keys(config).find((key) =>
    /^transforms\.\w+\.type$/.test(key) && config[key] === 'io.debezium.transforms.outbox.EventRouter');
  if (!check.that(router, `${file}: no outbox EventRouter transform`)) continue;
  const prefix = router.replace(/type$/, '');
  check.that(/(^|\.)outbox$/.test(config['table.include.list']), `${file}: does not read the outbox table alone`);
  const named = Object.entries(config)
    .filter(([key]) => key.startsWith(`${prefix}table.field.`) || key === `${prefix}route.by.field`)
    .map(([, column]) => column);
  const placed = (config[`${prefix}table.fields.additional.placement`] ?? '')
    .split(',').filter(Boolean).map((entry) => entry.split(':')[0]);
  for (const column of [...named, ...placed]) {
    check.that(columns.has(column), `${file}: names column ${column}, which the outbox table lacks`);
  }
}
check.done();
