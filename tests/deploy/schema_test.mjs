// Every object an overlay renders validates against the Kubernetes schemas
// of the kubernetes-models package (types, required fields, formats): what
// the API server would refuse is found here, without a cluster.
//
//   node schema_test.mjs <repo> <build dir> local|production
import { Checks, nameOf, nodeRequire, renderOverlay } from './rendered.mjs';

const [repo, build, overlay] = process.argv.slice(2);
const objects = renderOverlay(repo, overlay, build);
const requireModel = nodeRequire(build);
const check = new Checks(`schema ${overlay}`);

// apps/v1 → kubernetes-models/apps/v1/<Kind>; the core group (v1) has no
// group folder.
function modelOf({ apiVersion, kind }) {
  try {
    return requireModel(`kubernetes-models/${apiVersion}/${kind}`)[kind];
  } catch {
    return undefined;
  }
}

for (const object of objects) {
  const Model = modelOf(object);
  if (!check.that(Model, `${nameOf(object)}: no schema for ${object.apiVersion} ${object.kind}`)) continue;
  try {
    new Model(object).validate();
    check.that(true);
  } catch (error) {
    check.that(false, `${nameOf(object)}: ${error.message}`);
  }
}
check.done();
