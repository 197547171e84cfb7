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
}

/**
 * Gathers the appends of concurrent commands into groups, each written by one statement, so that
 * under load many commands share one round trip and one commit. An append that finds fewer than
 * `writing` groups being written goes at once, alone; the others wait and leave together when a
 * write ends. A group never holds two appends to one stream (the later is certain to be refused,
 * and would take the whole group with it), so the later waits for the next group.
 */
export class AppendGroups<T> {
  private readonly waiting: GroupMember<T>[] = [];
  private writing = 0;

  constructor(
    private readonly write: (group: readonly GroupMember<T>[]) => Promise<void>,
    private readonly limits: AppendGroupLimits,
  ) {}

  add(item: T, streams: readonly string[], events: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ item, streams, events, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    while (this.writing < this.limits.writing && this.waiting.length > 0) {
      const group = this.take();
      this.writing++;
      // write settles every member itself; this only frees the place for the next group.
      void this.write(group)
        .catch((error: unknown) => group.forEach((member) => member.reject(error)))
        .finally(() => {
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
      const fits =
        group.length === 0 ||
        (events + member.events <= this.limits.events && !member.streams.some((stream) => streams.has(stream)));
      if (!fits) {
        i++;
        continue;
      }
      this.waiting.splice(i, 1);
      group.push(member);
      events += member.events;
      member.streams.forEach((stream) => streams.add(stream));
    }
    return group;
  }
}
