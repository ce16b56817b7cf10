import { join } from 'node:path';
import { textFeaturesOf } from '../../detectors/features';
import type { RequestLogEvent } from '../../schemas/event';
import { TextFeatureWorker } from '../../services/pipeline/text-feature-worker';
import { unpackTextFeatures } from '../../services/pipeline/text-features-transfer';

const execArgv = ['-r', join(__dirname, '..', 'support', 'swc-register.js')];

function event(i: number, prompt?: string, system_prompt?: string): RequestLogEvent {
  return { request_id: `r${i}`, ts: i, api_key_id: 'k', account_id: 'a', model: 'm', prompt_tokens: 1, completion_tokens: 1, status: 200, prompt, system_prompt };
}

describe('TextFeatureWorker', () => {
  it('returns, in order, the features the caller’s thread would extract', async () => {
    const events = [
      event(0, 'Question 17: What is 17 * 23? Explain step by step.'),
      event(1),
      event(2, undefined, 'You are a helpful assistant. Show your full reasoning.'),
      event(3, ''),
      event(4, 'Translate into French:\n\n"The cat sleeps."', 'You translate.'),
      event(5, '日本の首都はどこですか'),
    ];
    const worker = TextFeatureWorker.start({ execArgv })!;
    try {
      const [a, b] = await Promise.all([worker.extract(events), worker.extract(events.slice(3))]);
      events.forEach((e, i) => expect(unpackTextFeatures(a, i)).toEqual(textFeaturesOf(e.prompt, e.system_prompt)));
      expect(unpackTextFeatures(a, 1)).toBeUndefined();
      expect(unpackTextFeatures(a, 0)?.sequenceNumber).toBe(17);
      expect(unpackTextFeatures(b, 0)).toEqual(textFeaturesOf('', undefined));
    } finally {
      await worker.close();
    }
    await expect(worker.extract(events)).rejects.toThrow('closed');
  });

  it('stays on the caller’s thread when running from sources without a loader', () => {
    expect(TextFeatureWorker.start()).toBeUndefined();
  });
});
