/** One command's append, waiting to be written with others. */
export interface GroupMember<T> {
  readonly item: T;
  readonly streams: readonly string[];
  readonly events: number;
  resolve(): void;
  reject(error: unknown): void;
}

export interface AppendGroupLimits {
  /** How many groups may be being written at once. */
  readonly writing: number;
  /** How many events a group may hold (a larger append is still written, on its own). */
  readonly events: number;
  /** How long an append may wait to be sent before it is refused, never having been sent. */
  readonly waitMs: number;
}

interface Waiting<T> extends GroupMember<T> {
  readonly deadline: NodeJS.Timeout;
}

/**
 * Gathers the appends of concurrent commands into groups, each written by one statement, so that
 * under load many commands share one round trip and one commit. An append that finds fewer than
 * `writing` groups being written goes at once, alone; the others wait and leave together when a
 * write ends. No stream is in two groups being written, nor twice in one group. The later append
 * to a stream was decided on the same tip as the earlier, so it would wait for the earlier's lock
 * and then be refused, taking its whole group with it; and two groups could lock two streams in
 * opposite orders and deadlock. (Groups of two servers still can: PostgreSQL ends such a deadlock
 * after `deadlock_timeout`, a refusal, and the refused group's appends are written one by one.)
 */
export class AppendGroups<T> {
  private readonly waiting: Waiting<T>[] = [];
  private readonly streamsWriting = new Set<string>();
  private writing = 0;

  constructor(
    private readonly write: (group: readonly GroupMember<T>[]) => Promise<void>,
    private readonly limits: AppendGroupLimits,
    private readonly notSent: () => unknown,
  ) {}

  add(item: T, streams: readonly string[], events: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const member: Waiting<T> = {
        item,
        streams,
        events,
        resolve,
        reject,
        deadline: setTimeout(() => this.expire(member), this.limits.waitMs),
      };
      this.waiting.push(member);
      this.next();
    });
  }

  private expire(member: Waiting<T>): void {
    const at = this.waiting.indexOf(member);
    if (at < 0) return;
    this.waiting.splice(at, 1);
    member.reject(this.notSent());
  }

  private next(): void {
    while (this.writing < this.limits.writing) {
      const group = this.take();
      if (group.length === 0) return;
      this.writing++;
      const streams = group.flatMap((member) => member.streams);
      streams.forEach((stream) => this.streamsWriting.add(stream));
      // write settles every member itself; this only frees the place and the streams.
      void this.write(group)
        .catch((error: unknown) => group.forEach((member) => member.reject(error)))
        .finally(() => {
          streams.forEach((stream) => this.streamsWriting.delete(stream));
          this.writing--;
          this.next();
        });
    }
  }

  /** The longest-waiting appends that fit together, in the order they came. */
  private take(): GroupMember<T>[] {
    const group: GroupMember<T>[] = [];
    const streams = new Set<string>();
    let events = 0;
    for (let i = 0; i < this.waiting.length && events < this.limits.events;) {
      const member = this.waiting[i]!;
      const free = !member.streams.some((stream) => streams.has(stream) || this.streamsWriting.has(stream));
      if (!free || (group.length > 0 && events + member.events > this.limits.events)) {
        i++;
        continue;
      }
      this.waiting.splice(i, 1);
      clearTimeout(member.deadline);
      group.push(member);
      events += member.events;
      member.streams.forEach((stream) => streams.add(stream));
    }
    return group;
  }
}
