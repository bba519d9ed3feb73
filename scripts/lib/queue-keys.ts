// A script's own queue keys: each run of the load test or the eval uses a queue prefix of its own, whose keys are
// removed when it ends so repeated runs do not pile up in Redis.
import { Redis } from 'ioredis';

/** Deletes every Redis key under `prefix:`; returns how many. */
export async function removeQueueKeys(redisUrl: string, prefix: string): Promise<number> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
  let removed = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) removed += await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return removed;
}
