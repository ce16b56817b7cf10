import { startActionsUnderTest } from './actions-harness';

// A separate process running the BullMQ workers of `serve` (see worker-crash.test.ts), so that a
// test can SIGKILL it in the middle of a job. Settings come from the environment the test gives.
void startActionsUnderTest('bullmq', {
  prefix: process.env.TEST_PREFIX!,
  dataDir: process.env.TEST_DATA_DIR!,
  policy: JSON.parse(process.env.TEST_POLICY!),
  env: { DISTILLGUARD_ENFORCEMENT_WEBHOOK_URL: process.env.TEST_WEBHOOK_URL! },
}).then(() => process.stdout.write(`${JSON.stringify({ msg: 'workers ready' })}\n`));
