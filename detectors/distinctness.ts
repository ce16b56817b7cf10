import type { CountedSample } from './sketch/bottomk';

/**
 * Share of sightings that were first sightings, from a counted bottom-k sample of the values: the
 * sample is uniform over distinct values and counts each exactly, so sampled values over their
 * sightings estimates distinct over all. Exact (1) when nothing repeats and while the values fit
 * in the sample, unlike 1 - KMV estimate / total, whose error is ~1/sqrt(k) of the total.
 */
export function distinctShare(sample: CountedSample): number {
  let sightings = 0;
  for (const c of sample.counts) sightings += c;
  return sightings ? sample.mins.length / sightings : 1;
}
