// No rendered object carries a field Kubernetes does not define: a typo
// such as `readinesProbe` or a field at the wrong level passes the schema
// test (kubernetes-models ignores unknown fields) and the API server drops
// it silently. Each object becomes a typed TypeScript literal (the
// kubernetes-types definitions) and the compiler's excess-property check
// names every field that is not in the type.
//
//   node unknown_fields_test.mjs <repo> <build dir> local|production
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Checks, nameOf, nodeRequire, renderOverlay } from './rendered.mjs';

const [repo, build, overlay] = process.argv.slice(2);
const objects = renderOverlay(repo, overlay, build);
const check = new Checks(`unknown fields ${overlay}`);
const nodeDir = path.join(build, 'tests', 'deploy', 'node');

// networking.k8s.io/v1 → kubernetes-types/networking/v1; v1 → core/v1.
const moduleOf = (apiVersion) => {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['core', apiVersion];
  return `kubernetes-types/${group.replace(/\.k8s\.io$/, '')}/${version}`;
};

const modules = [...new Set(objects.map((object) => moduleOf(object.apiVersion)))];
const alias = (module) => module.replace(/\W/g, '_');
const lines = modules.map((module) => `import type * as ${alias(module)} from '${module}';`);
// One line per object, so a compiler error's line number names the object.
const firstLine = lines.length + 1;
for (const [index, object] of objects.entries()) {
  lines.push(`export const o${index}: ${alias(moduleOf(object.apiVersion))}.${object.kind} = ${JSON.stringify(object)};`);
}
const source = path.join(nodeDir, `rendered-${overlay}.ts`);
fs.writeFileSync(source, `${lines.join('\n')}\n`);

const tsc = nodeRequire(build).resolve('typescript/bin/tsc');
let output = '';
try {
  execFileSync(process.execPath, [tsc, '--noEmit', '--strict', '--target', 'es2022',
    '--module', 'commonjs', '--moduleResolution', 'node', source],
  { encoding: 'utf8', cwd: nodeDir });
} catch (error) {
  output = `${error.stdout}${error.stderr}`;
}
const errors = [...output.matchAll(/\.ts\((\d+),\d+\): error (TS\d+: .*)/g)];
check.that(output === '' || errors.length > 0, `the compiler failed: ${output}`);
check.that(objects.length > 0, 'nothing rendered');
for (const [index, object] of objects.entries()) {
  const own = errors.filter(([, line]) => Number(line) - firstLine === index);
  check.that(own.length === 0, `${nameOf(object)}: ${own.map(([, , message]) => message).join('; ')}`);
}
check.done();
