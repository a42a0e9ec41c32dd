import { GroupCommit, type Outcome } from './group-commit';

/** A writer that records each group it is given and answers every request with its double. */
function recordingWriter() {
  const groups: number[][] = [];
  const write = (requests: number[]): Outcome<number>[] => {
    groups.push([...requests]);
    return requests.map((value) => (value < 0 ? { ok: false, error: new Error(`refused ${value}`) } : { ok: true, value: value * 2 }));
  };
  return { groups, write };
}

describe('GroupCommit', () => {
  it('writes the requests of one turn of the event loop as one group, each with its own outcome', async () => {
    const { groups, write } = recordingWriter();
    const commit = new GroupCommit(write);
    const outcomes = await Promise.allSettled([1, 2, -3, 4].map((value) => commit.submit(value)));
    expect(groups).toEqual([[1, 2, -3, 4]]);
    expect(outcomes.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : (outcome.reason as Error).message))).toEqual([2, 4, 'refused -3', 8]);
    expect(commit.stats).toEqual({ groups: 1, requests: 4 });
  });

  it('answers nobody before the group is written', async () => {
    let written = false;
    const commit = new GroupCommit((requests: number[]) => {
      written = true;
      return requests.map((value) => ({ ok: true, value }));
    });
    const answered = commit.submit(1).then(() => written);
    expect(written).toBe(false);
    await expect(answered).resolves.toBe(true);
  });

  it('fails every request of a group whose write throws (the transaction did not commit)', async () => {
    const commit = new GroupCommit<number, number>(() => {
      throw new Error('disk I/O error');
    });
    const outcomes = await Promise.allSettled([commit.submit(1), commit.submit(2)]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    expect((outcomes[0] as PromiseRejectedResult).reason).toEqual(new Error('disk I/O error'));
  });

  it('splits a large turn into groups of at most maxGroup requests', async () => {
    const { groups, write } = recordingWriter();
    const commit = new GroupCommit(write, 3);
    await Promise.all([1, 2, 3, 4, 5, 6, 7].map((value) => commit.submit(value)));
    expect(groups).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
  });

  it('a request made once an earlier one is answered goes into a later group', async () => {
    const { groups, write } = recordingWriter();
    const commit = new GroupCommit(write);
    await commit.submit(1).then(() => commit.submit(2));
    expect(groups).toEqual([[1], [2]]);
  });

  it('flush writes what is queued at once', () => {
    const { groups, write } = recordingWriter();
    const commit = new GroupCommit(write);
    void commit.submit(1);
    void commit.submit(2);
    expect(commit.pending).toBe(2);
    commit.flush();
    expect(groups).toEqual([[1, 2]]);
    expect(commit.pending).toBe(0);
  });
});
