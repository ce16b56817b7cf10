import { parentPort } from 'node:worker_threads';
import { textFeaturesOf } from '../../detectors/features';
import { packTextFeatures } from './text-features-transfer';
import type { TextRequest, TextResponse } from './text-feature-worker';

/** The worker thread of TextFeatureWorker: texts in, packed features out, in order. */
parentPort!.on('message', ({ id, texts }: TextRequest) => {
  const features = [];
  for (let i = 0; i < texts.length; i += 2) features.push(textFeaturesOf(texts[i] ?? undefined, texts[i + 1] ?? undefined));
  const packed = packTextFeatures(features);
  const response: TextResponse = { id, packed };
  parentPort!.postMessage(response, [packed.buffer as ArrayBuffer]);
});
