// The NetworkPolicies of an overlay open exactly the paths the code uses,
// read from the code itself: a service calls another when the suite's event
// routes (libs/suite/event_routes.h) send its events there or its sources
// ConnectPeer() to it; it
// reaches Redis when its sources use context.redis. Every other path
// between the suite's pods is closed, and the public gRPC and metrics ports
// open only to the gateway and monitoring namespaces.
//
//   node network_paths_test.mjs <repo> <build dir> local|production
import fs from 'node:fs';
import path from 'node:path';
import { Checks, matches, renderOverlay } from './rendered.mjs';

const [repo, build, overlay] = process.argv.slice(2);
const objects = renderOverlay(repo, overlay, build);
const ofKind = (kind) => objects.filter((object) => object.kind === kind);
const check = new Checks(`network paths ${overlay}`);
const SERVICES = ['recruitment', 'dispatch', 'ugc', 'kpi'];

// --- What the code does -------------------------------------------------
function sourcesOf(service) {
  const folder = path.join(repo, 'services', service);
  return fs.readdirSync(folder).filter((file) => file.endsWith('.cc'))
    .map((file) => fs.readFileSync(path.join(folder, file), 'utf8')).join('\n');
}

// [producer, subscriber] of every route: the entries {"<producer>", "<subscriber>", ...}.
const eventRoutes = [...fs.readFileSync(path.join(repo, 'libs', 'suite', 'event_routes.h'), 'utf8')
  .matchAll(/\{"(\w+)",\s*"(\w+)",/g)].map(([, producer, subscriber]) => [producer, subscriber]);
check.that(eventRoutes.length > 0, 'no event route found in libs/suite/event_routes.h');

function callsOf(service) {
  const sources = sourcesOf(service);
  const calls = new Set();
  for (const [, peer] of sources.matchAll(/ConnectPeer\("(\w+)"\)/g)) calls.add(peer);
  for (const [producer, subscriber] of eventRoutes) {
    if (producer === service) calls.add(subscriber);
  }
  return calls;
}

const calls = Object.fromEntries(SERVICES.map((service) => [service, callsOf(service)]));
const usesRedis = Object.fromEntries(SERVICES.map((service) =>
  [service, /context\.redis\b/.test(sourcesOf(service))]));
check.that(SERVICES.some((service) => calls[service].size > 0),
  'no peer call found in the code: the parsing is broken');

// --- What the policies allow, as Kubernetes evaluates them --------------
const namespace = ofKind('Namespace')[0];
const suiteNamespace = {
  name: namespace.metadata.name,
  labels: { ...namespace.metadata.labels, 'kubernetes.io/metadata.name': namespace.metadata.name },
};
const podOf = (deployment) => ({
  namespace: suiteNamespace,
  labels: deployment.spec.template.metadata.labels,
  ports: deployment.spec.template.spec.containers.flatMap((container) => container.ports ?? []),
});
const deploymentNamed = (name) => ofKind('Deployment').find((d) => d.metadata.name === name);

const peerMatches = (peer, pod) => {
  if (peer.ipBlock) return false;  // addresses outside the cluster
  if (peer.namespaceSelector) {
    if (!matches(peer.namespaceSelector, pod.namespace.labels)) return false;
  } else if (pod.namespace !== suiteNamespace) {
    return false;
  }
  return !peer.podSelector || matches(peer.podSelector, pod.labels);
};
const portMatches = (ports, portName, target) => !ports || ports.length === 0 ||
  ports.some((port) => (port.protocol ?? 'TCP') === 'TCP' && (port.port === undefined ||
    port.port === portName ||
    port.port === target.ports.find((p) => p.name === portName)?.containerPort));

// Whether `direction` (ingress of `subject` from `other`, or egress of
// `subject` to `other`) on `portName` of the destination is allowed.
function allowed(direction, subject, other, portName, destination) {
  const type = direction === 'ingress' ? 'Ingress' : 'Egress';
  const field = direction === 'ingress' ? 'from' : 'to';
  const policies = ofKind('NetworkPolicy').filter((policy) =>
    subject.namespace === suiteNamespace && matches(policy.spec.podSelector, subject.labels) &&
    (policy.spec.policyTypes ?? ['Ingress']).includes(type));
  if (subject.namespace !== suiteNamespace || policies.length === 0) return true;  // not isolated
  return policies.some((policy) => (policy.spec[direction] ?? []).some((rule) =>
    (!rule[field] || rule[field].length === 0 || rule[field].some((peer) => peerMatches(peer, other))) &&
    portMatches(rule.ports, portName, destination)));
}
const canCall = (from, to, portName) =>
  allowed('egress', from, to, portName, to) && allowed('ingress', to, from, portName, to);

// --- The comparison -------------------------------------------------------
const servers = Object.fromEntries(SERVICES.map((service) => {
  const deployment = deploymentNamed(`${service}-server`);
  check.that(deployment, `no Deployment ${service}-server`);
  return [service, deployment && podOf(deployment)];
}));
for (const from of SERVICES) {
  for (const to of SERVICES) {
    if (from === to || !servers[from] || !servers[to]) continue;
    const needed = calls[from].has(to);
    check.that(canCall(servers[from], servers[to], 'grpc') === needed,
      `${from} → ${to}: the code ${needed ? 'calls' : 'never calls'} it, the policies ${needed ? 'block' : 'allow'} it`);
  }
}

const redis = deploymentNamed('redis');
if (redis) {
  for (const service of SERVICES) {
    if (!servers[service]) continue;
    check.that(canCall(servers[service], podOf(redis), 'redis') === usesRedis[service],
      `${service} → Redis: ${usesRedis[service] ? 'uses it but is blocked' : 'never uses it but is allowed'}`);
  }
}

const outsider = (labels) => ({ namespace: { name: 'elsewhere', labels }, labels: {}, ports: [] });
const gateway = outsider({ 'nanoinfluence.app/gateway': 'true' });
const monitoring = outsider({ 'nanoinfluence.app/monitoring': 'true' });
const stranger = outsider({});
const neighbour = { namespace: suiteNamespace, labels: { app: 'something-else' }, ports: [] };
for (const service of SERVICES) {
  const pod = servers[service];
  if (!pod) continue;
  check.that(canCall(gateway, pod, 'grpc'), `${service}: the gateway cannot reach its gRPC port`);
  check.that(!canCall(gateway, pod, 'metrics'), `${service}: the gateway reaches its metrics`);
  check.that(canCall(monitoring, pod, 'metrics'), `${service}: monitoring cannot scrape it`);
  check.that(!canCall(stranger, pod, 'grpc') && !canCall(neighbour, pod, 'grpc'),
    `${service}: a pod outside the suite reaches its gRPC port`);
  check.that(!canCall(pod, neighbour, 'grpc'), `${service}: can call a pod outside the suite`);
}
check.done();
