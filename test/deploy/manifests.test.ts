import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { EnvSchema } from '../../schemas/config';

// The production manifests cannot run here; this checks what can go wrong without a cluster:
// YAML syntax, the fields Kubernetes and Compose require, and that every environment variable
// they set is one DistillGuard reads (a typo would silently fall back to a default).

const ROOT = join(__dirname, '..', '..', 'deploy');
const KNOWN_ENV = new Set(Object.keys(EnvSchema.shape));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = any;

function k8sDocuments(): Array<{ file: string; doc: Doc }> {
  const dir = join(ROOT, 'k8s');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
    .flatMap((file) =>
      parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map((d) => {
        if (d.errors.length) throw new Error(`${file}: ${d.errors[0].message}`);
        return { file, doc: d.toJS() as Doc };
      }),
    );
}

const byKind = (kind: string) => k8sDocuments().filter((d) => d.doc.kind === kind);

describe('Kubernetes manifests', () => {
  it('every document has apiVersion, kind and a name', () => {
    for (const { file, doc } of k8sDocuments()) {
      expect({ file, apiVersion: typeof doc.apiVersion, kind: typeof doc.kind, name: typeof doc.metadata?.name }).toEqual({
        file,
        apiVersion: 'string',
        kind: 'string',
        name: 'string',
      });
    }
  });

  it('kustomization lists exactly the manifest files', () => {
    const k = parse(readFileSync(join(ROOT, 'k8s', 'kustomization.yaml'), 'utf8'));
    const files = readdirSync(join(ROOT, 'k8s')).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
    expect([...k.resources].sort()).toEqual(files.sort());
  });

  it('runs an API and a consumer Deployment whose selectors match their pods', () => {
    const deployments = byKind('Deployment').map((d) => d.doc);
    const commands = deployments.map((d) => d.spec.template.spec.containers[0].args[0]).sort();
    expect(commands).toEqual(['consume', 'serve']);
    for (const d of deployments) {
      expect(d.spec.template.metadata.labels).toMatchObject(d.spec.selector.matchLabels);
      expect(d.spec.replicas).toBeGreaterThanOrEqual(1);
      const c = d.spec.template.spec.containers[0];
      expect(c.image).toMatch(/^distillguard:/);
      expect(c.readinessProbe.httpGet.path).toBe('/readyz');
      expect(c.livenessProbe.httpGet.path).toBe('/healthz');
    }
    const api = deployments.find((d) => d.spec.template.spec.containers[0].args[0] === 'serve');
    expect(api.spec.template.spec.containers[0].args).toContain('--no-consumer');
  });

  it('the Service selects the API pods and targets a declared port', () => {
    const [service] = byKind('Service').map((d) => d.doc);
    const api = byKind('Deployment').find((d) => d.doc.metadata.name === 'distillguard-api')!.doc;
    expect(api.spec.template.metadata.labels).toMatchObject(service.spec.selector);
    const portNames = api.spec.template.spec.containers[0].ports.map((p: Doc) => p.name);
    expect(portNames).toContain(service.spec.ports[0].targetPort);
  });

  it('env comes from the ConfigMap and Secret that exist, with names from schemas/config.ts', () => {
    const configMaps = byKind('ConfigMap').map((d) => d.doc);
    const secrets = byKind('Secret').map((d) => d.doc);
    const names = [...configMaps.flatMap((c) => Object.keys(c.data)), ...secrets.flatMap((s) => Object.keys(s.stringData))];
    expect(names.filter((n) => !KNOWN_ENV.has(n))).toEqual([]);
    for (const required of ['KAFKA_BROKERS', 'CLICKHOUSE_URL', 'REDIS_URL']) expect(names).toContain(required);
    // Every value is a string: Kubernetes refuses numbers and booleans in ConfigMap data.
    for (const c of configMaps) for (const v of Object.values(c.data)) expect(typeof v).toBe('string');
    const refs = byKind('Deployment').flatMap((d) => d.doc.spec.template.spec.containers[0].envFrom);
    for (const ref of refs) {
      if (ref.configMapRef) expect(configMaps.map((c) => c.metadata.name)).toContain(ref.configMapRef.name);
      if (ref.secretRef) expect(secrets.map((s) => s.metadata.name)).toContain(ref.secretRef.name);
    }
  });
});

describe('docker compose file', () => {
  const compose = parse(readFileSync(join(ROOT, 'compose', 'docker-compose.yml'), 'utf8'), { merge: true });

  it('runs the API, consumers and their three servers', () => {
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['api', 'consumer', 'kafka', 'clickhouse', 'redis']));
    expect(compose.services.api.command).toEqual(['serve', '--no-consumer']);
    expect(compose.services.consumer.command).toEqual(['consume']);
    for (const name of Object.keys(compose.services)) expect(compose.services[name].image ?? compose.services[name].build).toBeDefined();
  });

  it('sets only environment variables that DistillGuard reads', () => {
    for (const name of ['api', 'consumer']) {
      const env = Object.keys(compose.services[name].environment);
      expect(env.filter((n) => !KNOWN_ENV.has(n))).toEqual([]);
      expect(env).toEqual(expect.arrayContaining(['KAFKA_BROKERS', 'CLICKHOUSE_URL', 'REDIS_URL']));
    }
  });

  it('depends only on services it defines', () => {
    for (const [name, service] of Object.entries<Doc>(compose.services)) {
      for (const dep of Object.keys(service.depends_on ?? {})) expect({ name, dep, defined: dep in compose.services }).toEqual({ name, dep, defined: true });
    }
  });
});
