import { AppendGroups, type AppendGroupLimits, type GroupMember } from './append-groups';

const notSent = () => new Error('not sent');
const limits = (writing: number, events: number, waitMs = 60_000): AppendGroupLimits => ({ writing, events, waitMs });

/** A writer that holds each group until the test lets it go, and remembers every group. */
function heldWriter() {
  const groups: string[][] = [];
  const releases: Array<() => void> = [];
  const write = (group: readonly GroupMember<string>[]) =>
    new Promise<void>((done) => {
      groups.push(group.map((m) => m.item));
      releases.push(() => {
        group.forEach((m) => m.resolve());
        done();
      });
    });
  const releaseNext = async () => {
    releases.shift()!();
    await new Promise((r) => setImmediate(r));
  };
  return { groups, write, releaseNext };
}

describe('AppendGroups', () => {
  it('writes an append at once, alone, while fewer groups than allowed are being written', () => {
    const writer = heldWriter();
    const groups = new AppendGroups(writer.write, limits(2, 100), notSent);
    void groups.add('a', ['s1'], 1);
    void groups.add('b', ['s2'], 1);
    expect(writer.groups).toEqual([['a'], ['b']]);
  });

  it('gathers the appends that wait into one group when a write ends, in the order they came', async () => {
    const writer = heldWriter();
    const groups = new AppendGroups(writer.write, limits(1, 100), notSent);
    const written = ['a', 'b', 'c', 'd'].map((item, i) => groups.add(item, [`s${i}`], 1));
    expect(writer.groups).toEqual([['a']]);
    await writer.releaseNext();
    expect(writer.groups).toEqual([['a'], ['b', 'c', 'd']]);
    await writer.releaseNext();
    await expect(Promise.all(written)).resolves.toHaveLength(4);
  });

  it('never puts two appends to one stream in a group: the later waits for the next', async () => {
    const writer = heldWriter();
    const groups = new AppendGroups(writer.write, limits(1, 100), notSent);
    void groups.add('first', ['s0'], 1);
    void groups.add('a', ['s1', 's2'], 2);
    void groups.add('b', ['s2'], 1);
    void groups.add('c', ['s3'], 1);
    await writer.releaseNext();
    expect(writer.groups).toEqual([['first'], ['a', 'c']]);
    await writer.releaseNext();
    expect(writer.groups.at(-1)).toEqual(['b']);
  });

  it('keeps a group within its events, yet writes a larger append on its own', async () => {
    const writer = heldWriter();
    const groups = new AppendGroups(writer.write, limits(1, 5), notSent);
    void groups.add('first', ['s0'], 1);
    void groups.add('a', ['s1'], 3);
    void groups.add('b', ['s2'], 3);
    void groups.add('c', ['s3'], 2);
    void groups.add('large', ['s4'], 40);
    await writer.releaseNext();
    expect(writer.groups.at(-1)).toEqual(['a', 'c']);
    await writer.releaseNext();
    expect(writer.groups.at(-1)).toEqual(['b']);
    await writer.releaseNext();
    expect(writer.groups.at(-1)).toEqual(['large']);
  });

  it('refuses every member of a group whose writer failed without settling them, and goes on', async () => {
    let calls = 0;
    const groups = new AppendGroups<string>(
      async (group) => {
        calls++;
        if (calls === 1) throw new Error('writer broke');
        group.forEach((m) => m.resolve());
      },
      limits(1, 100),
      notSent,
    );
    await expect(groups.add('a', ['s1'], 1)).rejects.toThrow('writer broke');
    await expect(groups.add('b', ['s1'], 1)).resolves.toBeUndefined();
  });

  it('leaves an append waiting while a group being written holds its stream, and takes the others', async () => {
    const writer = heldWriter();
    const groups = new AppendGroups(writer.write, limits(2, 100), notSent);
    void groups.add('first', ['s1'], 1);
    void groups.add('same stream', ['s1'], 1);
    void groups.add('other', ['s2'], 1);
    expect(writer.groups).toEqual([['first'], ['other']]);
    await writer.releaseNext();
    expect(writer.groups.at(-1)).toEqual(['same stream']);
  });

  it('refuses an append that waited too long for its turn, never having sent it', async () => {
    const writer = heldWriter();
    const groups = new AppendGroups(writer.write, limits(1, 100, 20), notSent);
    const first = groups.add('first', ['s1'], 1);
    const late = groups.add('late', ['s2'], 1);
    await expect(late).rejects.toThrow('not sent');
    await writer.releaseNext();
    await expect(first).resolves.toBeUndefined();
    expect(writer.groups).toEqual([['first']]);
  });
});
