// A static check of the Dockerfile, as no container engine runs here: base
// images pinned (a digest, or a tag with a version or date: never `latest`,
// never a floating name like `bookworm`), the runtime stage runs as a
// numeric non-root user and installs no compiler or -dev package, every
// binary it copies from the build stage is one the CMake build produces
// (an add_executable target, at its folder's path under the build directory,
// built by the stage's --target list), and the entry point can start every
// program it names.
//
//   node dockerfile_test.mjs <repo>
import fs from 'node:fs';
import path from 'node:path';
import { Checks } from './rendered.mjs';

const repo = process.argv[2];
const check = new Checks('Dockerfile');

// Instructions, continuation lines joined, comments dropped.
const instructions = fs.readFileSync(path.join(repo, 'Dockerfile'), 'utf8')
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'))
  .map((line) => {
    const [, keyword, rest] = line.match(/^(\S+)\s*(.*)$/);
    return { keyword: keyword.toUpperCase(), args: rest };
  });

// Stages: the FROM line and the instructions up to the next FROM.
const stages = [];
for (const instruction of instructions) {
  if (instruction.keyword === 'FROM') {
    const [, image, name] = instruction.args.match(/^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/i);
    stages.push({ image, name, body: [] });
  } else if (stages.length > 0) {
    stages.at(-1).body.push(instruction);
  }
}
check.that(stages.length >= 2, 'not a multi-stage build');
const stageNames = new Set(stages.map((stage) => stage.name).filter(Boolean));

for (const { image } of stages) {
  if (stageNames.has(image)) continue;
  const [, tag] = image.split('@')[0].slice(image.lastIndexOf('/') + 1).split(':');
  check.that(image.includes('@sha256:') || (tag && tag !== 'latest' && /\d/.test(tag)),
    `base image ${image} is not pinned (digest, or a tag with a version or date)`);
}

const runtime = stages.at(-1);
const build = stages.find((stage) => stage.name && runtime.body.some((i) =>
  i.keyword === 'COPY' && i.args.includes(`--from=${stage.name}`)));
const users = runtime.body.filter((i) => i.keyword === 'USER').map((i) => i.args.split(':')[0]);
check.that(users.length > 0 && /^[1-9]\d*$/.test(users.at(-1)),
  `the runtime stage's last USER (${users.at(-1)}) is not a numeric non-root UID`);

// Package names a RUN line passes to apt-get install.
const installed = runtime.body.filter((i) => i.keyword === 'RUN')
  .flatMap((i) => [...i.args.matchAll(/apt-get\s+install\s+([^&;|]*)/g)])
  .flatMap(([, list]) => list.split(/\s+/).filter((word) => word && !word.startsWith('-')));
check.that(installed.length > 0, 'the runtime stage installs no runtime library');
const compilerPackage = /^(gcc|g\+\+|cpp|clang|llvm|build-essential|cmake|ninja-build|make|libc6-dev)(-[\d.]+)?$|-dev$/;
for (const pkg of installed) {
  check.that(!compilerPackage.test(pkg), `the runtime stage installs ${pkg}`);
}
check.that(!runtime.body.some((i) => i.keyword === 'RUN' && i.args.includes('install-deps')),
  'the runtime stage runs tools/install-deps (compilers)');

// add_executable targets: folder of their CMakeLists.txt → target names.
function executables(folder = '') {
  const found = [];
  const cmake = path.join(repo, folder, 'CMakeLists.txt');
  if (fs.existsSync(cmake)) {
    for (const [, target] of fs.readFileSync(cmake, 'utf8').matchAll(/add_executable\(\s*([\w-]+)/g)) {
      found.push(path.posix.join(folder, target));
    }
  }
  for (const entry of fs.readdirSync(path.join(repo, folder), { withFileTypes: true })) {
    if (entry.isDirectory() && !entry.name.startsWith('.') && !entry.name.startsWith('build')) {
      found.push(...executables(path.posix.join(folder, entry.name)));
    }
  }
  return found;
}
const produced = new Set(executables());
const buildRuns = build ? build.body.filter((i) => i.keyword === 'RUN').map((i) => i.args).join(' ') : '';
const buildDir = buildRuns.match(/cmake\s.*?-B\s*(\S+)/)?.[1];
const targets = buildRuns.match(/--target\s+((?:[\w-]+\s*)+)/)?.[1].trim().split(/\s+/) ?? [];
check.that(build && buildDir, 'no build stage configuring CMake with -B <build dir>');

const copied = [];
for (const instruction of runtime.body.filter((i) => i.keyword === 'COPY')) {
  const words = instruction.args.split(/\s+/);
  const sources = words.filter((word) => !word.startsWith('--')).slice(0, -1);
  if (!words.includes(`--from=${build?.name}`)) {
    for (const source of sources) {
      check.that(fs.existsSync(path.join(repo, source)), `COPY ${source}: not in the repository`);
    }
    continue;
  }
  for (const source of sources) {
    const relative = path.posix.relative(buildDir, source);
    copied.push(path.posix.basename(relative));
    check.that(produced.has(relative), `COPY --from=${build.name} ${source}: no add_executable makes it`);
    check.that(targets.includes(path.posix.basename(relative)),
      `COPY ${source}: not among the build stage's --target list`);
  }
}

// The entry point's programs: <service>_server for each service it accepts,
// and nanoctl-client.
const entrypoint = fs.readFileSync(path.join(repo, 'tools', 'container', 'entrypoint'), 'utf8');
const services = entrypoint.match(/^\s*([\w |]+)\)\s*exec\s+"\/usr\/local\/bin\/\$\{program\}_server"/m)?.[1]
  .split('|').map((word) => word.trim()) ?? [];
check.that(services.length === 4, `the entry point starts ${services.length} services, not 4`);
for (const program of [...services.map((service) => `${service}_server`), 'nanoctl-client']) {
  check.that(copied.includes(program), `the entry point runs ${program}, which the image does not copy`);
}
check.that(runtime.body.some((i) => i.keyword === 'ENTRYPOINT'), 'no ENTRYPOINT');
check.done();
