import { isConnectionFailure } from './translate-error';

export interface RetryPolicy {
  attempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

/**
 * Repeats an operation that is safe to repeat when the connection failed under it. After a drop the client
 * replaces its channel only once a call has failed, so a call made right after a server restart can still fail
 * on the old one; the next attempt goes out on the new channel. Any other error is thrown at once.
 */
export async function retryOnConnectionFailure<T>(operation: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (!isConnectionFailure(error) || attempt >= policy.attempts) throw error;
      const delay = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (attempt - 1));
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
