// Checks every Deployment an overlay renders: probes (gRPC for the suite's
// servers), requests and limits, the hardened security context, a pinned
// image, its own ServiceAccount without an API token, a Service whose
// selector and ports match the pods, a NetworkPolicy beyond the default deny
// that selects them, and for a server a PodDisruptionBudget, a
// HorizontalPodAutoscaler and peer addresses that reach the other services;
// then what the overlay itself promises.
//
//   node manifests_test.mjs <repo> <build dir> local|production
import { Checks, matches, nameOf, renderOverlay } from './rendered.mjs';

const [repo, build, overlay] = process.argv.slice(2);
const objects = renderOverlay(repo, overlay, build);
const ofKind = (kind) => objects.filter((object) => object.kind === kind);
const check = new Checks(`manifests ${overlay}`);

const imagePinned = (image) => {
  if (image.includes('@sha256:')) return true;
  const tag = image.slice(image.lastIndexOf('/') + 1).split(':')[1];
  return tag !== undefined && tag !== '' && tag !== 'latest';
};

// A Service port's targetPort, by name or number, among the container ports.
const portResolves = (target, containers) => containers.some((container) =>
  (container.ports ?? []).some((port) => port.name === target || port.containerPort === target));

function checkContainer(name, container, pod) {
  const where = `${name} container ${container.name}`;
  const servesGrpc = (container.ports ?? []).some((port) => port.name === 'grpc');
  const portNumbers = (container.ports ?? []).map((port) => port.containerPort);
  for (const kind of ['readinessProbe', 'livenessProbe']) {
    const probe = container[kind];
    if (!check.that(probe, `${where}: no ${kind}`)) continue;
    if (servesGrpc) {
      check.that(probe.grpc && portNumbers.includes(probe.grpc.port),
        `${where}: ${kind} is not a gRPC probe on one of its ports`);
    }
  }
  for (const field of ['requests', 'limits']) {
    const resources = container.resources?.[field] ?? {};
    check.that(resources.cpu && resources.memory, `${where}: no cpu and memory ${field}`);
  }
  const context = container.securityContext ?? {};
  const podContext = pod.securityContext ?? {};
  check.that((context.runAsNonRoot ?? podContext.runAsNonRoot) === true,
    `${where}: runAsNonRoot is not true`);
  check.that((context.runAsUser ?? podContext.runAsUser) > 0, `${where}: no non-zero runAsUser`);
  check.that(context.readOnlyRootFilesystem === true, `${where}: root filesystem is writable`);
  check.that(context.allowPrivilegeEscalation === false, `${where}: privilege escalation allowed`);
  check.that((context.capabilities?.drop ?? []).includes('ALL'), `${where}: capabilities not dropped`);
  check.that((context.seccompProfile ?? podContext.seccompProfile)?.type === 'RuntimeDefault',
    `${where}: no RuntimeDefault seccomp profile`);
  check.that(imagePinned(container.image), `${where}: image ${container.image} is not pinned`);
  const mounts = new Set((pod.volumes ?? []).map((volume) => volume.name));
  for (const mount of container.volumeMounts ?? []) {
    check.that(mounts.has(mount.name), `${where}: mounts undefined volume ${mount.name}`);
  }
  for (const source of container.envFrom ?? []) {
    const ref = source.configMapRef?.name;
    check.that(!ref || ofKind('ConfigMap').some((map) => map.metadata.name === ref),
      `${where}: ConfigMap ${ref} is not rendered`);
  }
}

function checkDeployment(deployment) {
  const name = nameOf(deployment);
  const pod = deployment.spec.template.spec;
  const labels = deployment.spec.template.metadata?.labels ?? {};
  check.that(matches(deployment.spec.selector, labels), `${name}: selector does not match its pods`);
  check.that(pod.automountServiceAccountToken === false, `${name}: mounts an API token`);
  for (const container of [...(pod.initContainers ?? []), ...pod.containers]) {
    checkContainer(name, container, pod);
  }

  const services = ofKind('Service').filter((service) =>
    Object.keys(service.spec.selector ?? {}).length > 0 &&
    matches({ matchLabels: service.spec.selector }, labels));
  if (check.that(services.length > 0, `${name}: no Service selects its pods`)) {
    for (const service of services) {
      for (const port of service.spec.ports) {
        check.that(portResolves(port.targetPort ?? port.port, pod.containers),
          `${nameOf(service)} port ${port.name}: target ${port.targetPort} is no container port`);
      }
    }
  }
  const policies = ofKind('NetworkPolicy').filter((policy) =>
    Object.keys(policy.spec.podSelector ?? {}).length > 0 && matches(policy.spec.podSelector, labels));
  check.that(policies.length > 0, `${name}: no NetworkPolicy of its own selects its pods`);

  if (labels['app.kubernetes.io/component'] !== 'server') return;
  check.that(ofKind('ServiceAccount').some((account) => account.metadata.name === pod.serviceAccountName),
    `${name}: ServiceAccount ${pod.serviceAccountName} is not rendered`);
  check.that(ofKind('PodDisruptionBudget').some((budget) => matches(budget.spec.selector, labels)),
    `${name}: no PodDisruptionBudget`);
  check.that(ofKind('HorizontalPodAutoscaler').some((hpa) =>
    hpa.spec.scaleTargetRef.kind === 'Deployment' && hpa.spec.scaleTargetRef.name === deployment.metadata.name),
  `${name}: no HorizontalPodAutoscaler`);
}

// A server's NANO_PEERS names each other service once (never itself: the
// flag refuses that), at a rendered Service selecting that service's pods,
// on the Service's gRPC port.
function checkPeers(server, servers) {
  const self = server.spec.template.metadata.labels['app.kubernetes.io/name'];
  const value = server.spec.template.spec.containers[0].env
    ?.find((variable) => variable.name === 'NANO_PEERS')?.value ?? '';
  const peers = Object.fromEntries(value.split(',').filter(Boolean).map((entry) => entry.split('=')));
  for (const other of servers) {
    const name = other.spec.template.metadata.labels['app.kubernetes.io/name'];
    if (name === self) {
      check.that(!Object.hasOwn(peers, name), `${nameOf(server)}: NANO_PEERS names itself`);
      continue;
    }
    const [host, port] = (peers[name] ?? '').split(':');
    const service = ofKind('Service').find((candidate) => candidate.metadata.name === host);
    check.that(service && matches({ matchLabels: service.spec.selector }, other.spec.template.metadata.labels) &&
      service.spec.ports.some((p) => p.name === 'grpc' && String(p.port) === port),
    `${nameOf(server)}: NANO_PEERS gives ${name} as "${peers[name]}", not its Service's gRPC port`);
  }
}

// What each overlay is for (docs/deployment.md).
const overlayPromises = {
  local(servers) {
    for (const server of servers) {
      check.that(server.spec.replicas === 1, `${nameOf(server)}: not one replica`);
      check.that(server.spec.template.spec.volumes.some((volume) => volume.persistentVolumeClaim),
        `${nameOf(server)}: SQLite not on a PersistentVolumeClaim`);
    }
    check.that(ofKind('HorizontalPodAutoscaler').every((hpa) => hpa.spec.maxReplicas === 1),
      'an autoscaler may add a second SQLite writer');
    check.that(ofKind('Deployment').some((d) => d.metadata.name === 'redis'), 'no in-cluster Redis');
  },
  production(servers) {
    for (const server of servers) {
      check.that(server.spec.replicas >= 3, `${nameOf(server)}: fewer than three replicas`);
      const url = server.spec.template.spec.containers[0].env
        .find((variable) => variable.name === 'NANO_DATABASE_URL');
      check.that(url?.valueFrom?.secretKeyRef?.optional === false,
        `${nameOf(server)}: NANO_DATABASE_URL is not required from a Secret`);
    }
    check.that(ofKind('HorizontalPodAutoscaler').every((hpa) => hpa.spec.minReplicas >= 3 &&
      hpa.spec.metrics.some((metric) => metric.resource?.name === 'cpu')),
    'an autoscaler is not on CPU from three replicas');
    check.that(!ofKind('Deployment').some((d) => d.metadata.name === 'redis'),
      'the in-cluster Redis is still there beside the managed one');
  },
};

const deployments = ofKind('Deployment');
check.that(deployments.length > 0, 'no Deployment rendered');
deployments.forEach(checkDeployment);
const servers = deployments.filter((d) =>
  d.spec.template.metadata.labels['app.kubernetes.io/component'] === 'server');
check.that(servers.length === 4, `${servers.length} server Deployments, not 4`);
servers.forEach((server) => checkPeers(server, servers));
check.that(ofKind('NetworkPolicy').some((policy) => Object.keys(policy.spec.podSelector).length === 0 &&
  ['Ingress', 'Egress'].every((type) => policy.spec.policyTypes.includes(type)) &&
  !policy.spec.ingress && !policy.spec.egress), 'no default-deny NetworkPolicy');
overlayPromises[overlay](servers);
check.done();
