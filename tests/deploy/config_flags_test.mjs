// Every NANO_ variable an overlay gives the services names a flag they
// define (libs/flags reads NANO_<FLAG> only for defined flags, so a typo
// would be ignored without a word), or NANO_JWT_SECRET, which libs/auth
// reads itself. A flag the manifests need before it exists is listed in
// NOT_BUILT_YET with where it is explained; once it is built, the list must
// lose it.
//
//   node config_flags_test.mjs <repo> <build dir> local|production
import fs from 'node:fs';
import path from 'node:path';
import { Checks, nameOf, renderOverlay } from './rendered.mjs';

const [repo, build, overlay] = process.argv.slice(2);
const objects = renderOverlay(repo, overlay, build);
const check = new Checks(`config flags ${overlay}`);

const NOT_BUILT_YET = {};
const READ_DIRECTLY = new Set(['NANO_JWT_SECRET']);

function sourcesUnder(folder) {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return sourcesUnder(full);
    return entry.name.endsWith('.cc') ? [fs.readFileSync(full, 'utf8')] : [];
  });
}
const flags = new Set(['libs', 'services'].flatMap((folder) => sourcesUnder(path.join(repo, folder)))
  .flatMap((source) => [...source.matchAll(/ABSL_FLAG\(\s*[\w:<>]+\s*,\s*(\w+)\s*,/g)])
  .map(([, flag]) => flag));
check.that(flags.has('database_url'), 'no ABSL_FLAG found: the parsing is broken');

// NANO_ names and where they come from: ConfigMap keys, env entries.
const variables = [];
for (const object of objects) {
  if (object.kind === 'ConfigMap' && object.metadata.name.startsWith('nanoinfluence-config')) {
    for (const key of Object.keys(object.data ?? {})) variables.push([key, nameOf(object)]);
  }
  if (object.kind === 'Deployment') {
    for (const container of object.spec.template.spec.containers) {
      for (const { name } of container.env ?? []) variables.push([name, nameOf(object)]);
    }
  }
}
check.that(variables.length > 0, 'no configuration rendered');

for (const [variable, where] of variables.filter(([name]) => name.startsWith('NANO_'))) {
  if (READ_DIRECTLY.has(variable)) continue;
  const flag = variable.slice('NANO_'.length).toLowerCase();
  if (Object.hasOwn(NOT_BUILT_YET, flag)) {
    check.that(!flags.has(flag), `--${flag} exists now: drop it from NOT_BUILT_YET`);
    continue;
  }
  check.that(flags.has(flag), `${where}: ${variable} names no flag (--${flag})`);
}
for (const [flag, explained] of Object.entries(NOT_BUILT_YET)) {
  console.log(`note: --${flag} is set but not built yet (${explained})`);
}
check.done();
