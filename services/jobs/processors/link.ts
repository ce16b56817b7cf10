import type { ClusterLinkingJob } from '../../linking/job';
import type { JobDefinition } from '../registry';
import type { LinkClustersPayload } from '../queues';
import { LINK_CLUSTERS } from '../queues';

/** Links the keys of every partition for the event hours they have all finished (scale-out). */
export function linkClustersJob(job: ClusterLinkingJob): JobDefinition<LinkClustersPayload> {
  return {
    spec: LINK_CLUSTERS,
    process: async () => {
      await job.run();
    },
  };
}
