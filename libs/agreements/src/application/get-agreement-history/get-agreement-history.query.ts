import { Query } from '@nestjs/cqrs';
import type { RecordedActor } from '@kemitraan/event-store';

/** One line of the audit trail, as API.md's /history shows it. */
export interface HistoryEntry {
  readonly version: number;
  readonly type: string;
  readonly at: string;
  readonly actor: RecordedActor;
  readonly data: unknown;
  readonly commandId: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly machineVersion: string;
  readonly reason: string | null;
  readonly eventId: string;
  readonly hash: string;
  readonly previousHash: string | null;
}

export class GetAgreementHistoryQuery extends Query<HistoryEntry[]> {
  constructor(readonly agreementId: string) {
    super();
  }
}
