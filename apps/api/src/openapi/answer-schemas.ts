import type { SchemaObject } from '@nestjs/swagger';
import {
  AGREEMENT_KINDS,
  APPROVAL_DECISIONS,
  APPROVAL_STEPS,
  COMMAND_ROLES,
  LIFECYCLE_STATES,
  PARTNER_TYPES,
  PROGRAMS,
} from '@kemitraan/agreements';
import { AGREEMENT_PART_SCHEMAS } from './agreement-part-schemas';
import { enumOf, instant, integer, listOf, objectOf, ref, text, textOrNull, withOptional } from './schema-parts';

const steps = listOf(enumOf(APPROVAL_STEPS));
const described = (schema: SchemaObject, description: string): SchemaObject => ({ ...schema, description });

/** RFC 9457 problem details, with the extensions API.md names for some statuses. */
const Problem = withOptional(objectOf({ type: text, title: text, status: integer, detail: text }), {
  errors: described(
    listOf(objectOf({ field: text, message: text })),
    '400: every bad field (a day something happened on that is after today among them).',
  ),
  state: described(
    enumOf(LIFECYCLE_STATES),
    '409, a command not allowed, or refused whatever it says (already-signed, never-signed, no-draft-awaiting-signing, ' +
      'an approval while no draft awaits one, a signing while a step is declined): the current state.',
  ),
  allowed: described(listOf(text), '409, with `state`: the commands the agreement accepts.'),
  currentDraftVersion: described(
    { ...integer, nullable: true },
    '409, an approval refused or no-draft-awaiting-signing: the current draft version (already signed for the latter).',
  ),
  signedOn: described(text, '409, already-signed: the day it was signed.'),
  missing: described(steps, '409, signing: the approval steps still needed.'),
  declined: described(
    steps,
    '409, signing: the steps of `missing` declined on the current draft version (a new version is needed).',
  ),
  reason: described(text, '403: role, scope, step-role or four-eyes; 409 on an approval: why.'),
  currentVersion: described(integer, "412: the agreement's current version."),
  methods: described(listOf(text), '405: the methods the path is served with.'),
});

/** An agreement as every command answers it and `GET /api/agreements/{id}` reads it (API.md); every field is always there. */
const AgreementSummary = objectOf({
  id: { type: 'string', format: 'uuid' },
  title: text,
  kind: enumOf(AGREEMENT_KINDS),
  state: enumOf(LIFECYCLE_STATES),
  version: described(integer, 'The number of events in its stream; the ETag.'),
  units: listOf(text),
  kanwils: listOf(text),
  partners: listOf(withOptional(objectOf({ name: text, type: enumOf(PARTNER_TYPES) }), { representative: text })),
  scope: listOf(text),
  programs: listOf(enumOf(PROGRAMS)),
  summary: textOrNull,
  audiensi: listOf(ref('Audiensi')),
  draftVersion: { ...integer, nullable: true },
  draft: ref('Draft'),
  requiredApprovals: steps,
  approvals: listOf(
    objectOf({
      step: enumOf(APPROVAL_STEPS),
      decision: enumOf(APPROVAL_DECISIONS),
      draftVersion: integer,
      by: text,
      byName: text,
      at: instant,
      note: textOrNull,
    }),
  ),
  missingApprovals: steps,
  signing: ref('Signing'),
  execution: objectOf({ startedOn: { type: 'string', format: 'date' } }, true),
  activities: objectOf({ count: integer, participants: integer, revenueIdr: integer }),
  reviews: listOf(ref('Review')),
  amendments: listOf(ref('Ending')),
  ending: { ...AGREEMENT_PART_SCHEMAS.Ending, nullable: true },
  renewalOf: { ...textOrNull, format: 'uuid' },
  renewedBy: { ...textOrNull, format: 'uuid' },
  allowed: described(
    listOf(enumOf(Object.keys(COMMAND_ROLES).filter((command) => command !== 'proposal'))),
    'The commands the state accepts.',
  ),
  createdAt: instant,
  updatedAt: instant,
});

const AgreementPage = objectOf({
  items: listOf(ref('AgreementSummary')),
  total: described(integer, 'Every match, not only this page.'),
});

/** One event of an agreement's audit trail, oldest first. */
const HistoryEntry = objectOf({
  version: integer,
  type: text,
  at: instant,
  actor: objectOf({ sub: text, name: text, roles: listOf(text), unit: text }),
  data: { type: 'object' },
  commandId: text,
  correlationId: text,
  causationId: text,
  hash: described(text, "SHA-256 over the event's canonical content and the previous hash."),
  previousHash: textOrNull,
});

export const ANSWER_SCHEMAS: Record<string, SchemaObject> = {
  Problem,
  AgreementSummary,
  AgreementPage,
  HistoryEntry,
  ...AGREEMENT_PART_SCHEMAS,
};
