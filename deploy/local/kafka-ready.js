// Waits until a Kafka broker answers a metadata request, for deploy/local/up.sh.
// An open port is not enough: a KRaft broker accepts connections before it can serve.
// Usage: node kafka-ready.js BROKER TIMEOUT_SECONDS [PID]
// Exits 0 when ready; 1 on timeout, or at once if process PID has exited.
'use strict';
const { Kafka, logLevel } = require('kafkajs');

const [broker, timeoutSeconds, pid] = process.argv.slice(2);
const deadline = Date.now() + Number(timeoutSeconds) * 1000;

function processAlive() {
  if (!pid) return true;
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch {
    return false;
  }
}

async function answersMetadata() {
  const admin = new Kafka({
    brokers: [broker],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    const { brokers } = await admin.describeCluster();
    return brokers.length > 0;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

async function main() {
  for (;;) {
    if (await answersMetadata()) return;
    if (!processAlive()) throw new Error(`broker process ${pid} exited`);
    if (Date.now() > deadline) throw new Error(`no metadata from ${broker} after ${timeoutSeconds}s`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

main().catch((err) => {
  console.error(`kafka-ready: ${err.message}`);
  process.exit(1);
});
