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
import { date, enumOf, instant, integer, listOf, objectOf, ref, text, textOrNull } from './schema-parts';

const actorRef = objectOf({ sub: text, name: text });
const steps = listOf(enumOf(APPROVAL_STEPS));

/** RFC 9457 problem details, with the extensions API.md names for some statuses. */
const Problem: SchemaObject = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: text,
    title: text,
    status: integer,
    detail: text,
    errors: { ...listOf(objectOf({ field: text, message: text })), description: '400: every bad field.' },
    state: { ...enumOf(LIFECYCLE_STATES), description: '409, a command not allowed: the current state.' },
    allowed: { ...listOf(text), description: '409, a command not allowed: the commands the state accepts.' },
    missing: { ...steps, description: '409, signing: the approval steps still needed.' },
    reason: { ...text, description: '403: role, scope, step-role or four-eyes; 409 on an approval: why.' },
    currentVersion: { ...integer, description: "412: the agreement's current version." },
    methods: { ...listOf(text), description: '405: the methods the path is served with.' },
  },
};

/** An agreement as every command answers it and `GET /api/agreements/{id}` reads it (API.md). */
const AgreementSummary: SchemaObject = {
  type: 'object',
  required: [
    'id',
    'title',
    'kind',
    'state',
    'version',
    'units',
    'partners',
    'scope',
    'programs',
    'draftVersion',
    'requiredApprovals',
    'approvals',
    'missingApprovals',
    'signing',
    'activities',
    'reviews',
    'renewalOf',
    'renewedBy',
    'allowed',
    'createdAt',
    'updatedAt',
  ],
  properties: {
    id: { type: 'string', format: 'uuid' },
    title: text,
    kind: enumOf(AGREEMENT_KINDS),
    state: enumOf(LIFECYCLE_STATES),
    version: { ...integer, description: 'The number of events in its stream; the ETag.' },
    units: listOf(text),
    kanwils: listOf(text),
    partners: listOf({
      type: 'object',
      required: ['name', 'type'],
      properties: { name: text, type: enumOf(PARTNER_TYPES), representative: text },
    }),
    scope: listOf(text),
    programs: listOf(enumOf(PROGRAMS)),
    summary: textOrNull,
    audiensi: listOf({ type: 'object' }),
    draftVersion: { ...integer, nullable: true },
    draft: { type: 'object', nullable: true },
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
    signing: { type: 'object', nullable: true },
    execution: objectOf({ startedOn: date }, true),
    activities: objectOf({ count: integer, participants: integer, revenueIdr: integer }),
    reviews: listOf({ type: 'object' }),
    amendments: listOf({ type: 'object' }),
    ending: objectOf({ reason: text, at: instant, by: actorRef }, true),
    renewalOf: { ...textOrNull, format: 'uuid' },
    renewedBy: { ...textOrNull, format: 'uuid' },
    allowed: {
      ...listOf(enumOf(Object.keys(COMMAND_ROLES).filter((c) => c !== 'proposal'))),
      description: 'The commands the state accepts.',
    },
    createdAt: instant,
    updatedAt: instant,
  },
};

const AgreementPage = objectOf({
  items: listOf(ref('AgreementSummary')),
  total: { ...integer, description: 'Every match, not only this page.' },
});

/** One event of an agreement's audit trail, oldest first. */
const HistoryEntry: SchemaObject = {
  type: 'object',
  required: ['version', 'type', 'at', 'actor', 'data', 'commandId', 'correlationId', 'causationId', 'hash'],
  properties: {
    version: integer,
    type: text,
    at: instant,
    actor: objectOf({ sub: text, name: text, roles: listOf(text), unit: text }),
    data: { type: 'object' },
    commandId: text,
    correlationId: text,
    causationId: text,
    hash: { type: 'string', description: "SHA-256 over the event's canonical content and the previous hash." },
    previousHash: textOrNull,
  },
};

export const ANSWER_SCHEMAS: Record<string, SchemaObject> = {
  Problem,
  AgreementSummary,
  AgreementPage,
  HistoryEntry,
};
