// What the deploy tests share: an overlay rendered by `kubectl kustomize`
// into plain objects, the npm packages npm-install.sh put in the build
// directory, label-selector matching as Kubernetes does it, and reporting.
//
//   const objects = renderOverlay(repo, 'local', build);
//   const check = new Checks('manifests local');
//   check.that(matches(selector, labels), 'the Service selects its pods');
//   check.done();  // prints the failures, exits 1 if any
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

// require() of a package installed by npm-install.sh into <build>.
export function nodeRequire(build) {
  return createRequire(path.join(build, 'tests', 'deploy', 'node', 'package.json'));
}

// The objects of k8s/overlays/<overlay>, as the cluster would receive them.
// Throws (the test fails) when Kustomize refuses the overlay.
export function renderOverlay(repo, overlay, build) {
  const yamlText = execFileSync(
    'kubectl', ['kustomize', path.join(repo, 'k8s', 'overlays', overlay)],
    { encoding: 'utf8', maxBuffer: 64 << 20 });
  const YAML = nodeRequire(build)('yaml');
  return YAML.parseAllDocuments(yamlText)
    .map((doc) => {
      if (doc.errors.length > 0) throw doc.errors[0];
      return doc.toJS();
    })
    .filter((object) => object !== null);
}

// Whether a LabelSelector (matchLabels and matchExpressions) selects an
// object with `labels`. An empty selector selects everything.
export function matches(selector, labels) {
  if (!selector) return false;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, key);
    const ok = {
      In: has && values.includes(labels[key]),
      NotIn: !has || !values.includes(labels[key]),
      Exists: has,
      DoesNotExist: !has,
    }[operator];
    if (!ok) return false;
  }
  return true;
}

export const nameOf = (object) => `${object.kind}/${object.metadata.name}`;

// Collects failed expectations of one test and reports them at the end, so
// one run shows every problem, not just the first.
export class Checks {
  constructor(title) {
    this.title = title;
    this.failures = [];
    this.count = 0;
  }

  that(condition, message) {
    this.count += 1;
    if (!condition) this.failures.push(message);
    return condition;
  }

  done() {
    for (const failure of this.failures) console.log(`FAIL ${this.title}: ${failure}`);
    console.log(`${this.title}: ${this.count - this.failures.length} of ${this.count} checks passed`);
    process.exit(this.failures.length === 0 && this.count > 0 ? 0 : 1);
  }
}
