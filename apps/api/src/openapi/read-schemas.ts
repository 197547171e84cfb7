import type { SchemaObject } from '@nestjs/swagger';
import { APPROVAL_STEPS, COMMAND_ROLES, LIFECYCLE_STATES } from '@kemitraan/agreements';
import { PROJECTION_HEALTHS } from '@kemitraan/projections';
import { UNIT_KINDS } from '@kemitraan/units';
import { date, enumOf, integer, listOf, objectOf, ref, text, withOptional } from './schema-parts';

const Unit = objectOf({ code: text, name: text, kind: enumOf(UNIT_KINDS), kanwil: text, province: text });

const ChainVerification = withOptional(objectOf({ valid: { type: 'boolean' }, events: integer }), {
  firstBrokenVersion: integer,
});

const Lifecycle = objectOf({
  states: listOf(enumOf(LIFECYCLE_STATES)),
  initial: enumOf(LIFECYCLE_STATES),
  transitions: listOf(
    withOptional(
      objectOf({
        from: enumOf(LIFECYCLE_STATES),
        command: enumOf(Object.keys(COMMAND_ROLES)),
        to: enumOf(LIFECYCLE_STATES),
      }),
      { guard: text },
    ),
  ),
  version: text,
});

const rowsOf = (row: SchemaObject) => objectOf({ rows: listOf(row) });

const reports: Record<string, SchemaObject> = {
  RegisterReport: rowsOf(objectOf({ key: text, count: integer })),
  PipelineReport: objectOf({
    states: listOf(objectOf({ state: enumOf(LIFECYCLE_STATES), count: integer })),
    stages: listOf(
      objectOf({
        from: enumOf(LIFECYCLE_STATES),
        to: enumOf(LIFECYCLE_STATES),
        medianDays: { type: 'number' },
        samples: integer,
      }),
    ),
  }),
  PendingApprovalsReport: rowsOf(
    objectOf({
      agreementId: text,
      title: text,
      draftVersion: integer,
      step: enumOf(APPROVAL_STEPS),
      waitingDays: integer,
    }),
  ),
  ExpiringReport: rowsOf(objectOf({ agreementId: text, title: text, effectiveUntil: date, daysLeft: integer })),
  OutputsReport: rowsOf(objectOf({ key: text, activities: integer, participants: integer, revenueIdr: integer })),
};

/** Every field is always there; `rebuilding` is null unless a rebuild is filling a fresh copy. */
const ProjectionStatus = objectOf({
  name: text,
  generation: integer,
  position: integer,
  lag: integer,
  eventsRead: integer,
  status: enumOf(PROJECTION_HEALTHS),
  parked: listOf({ type: 'object' }),
  rebuilding: { type: 'object', nullable: true },
});

const ExportKey = objectOf({ alg: text, keyId: text, publicKeyPem: text });

export const READ_SCHEMAS: Record<string, SchemaObject> = {
  Unit,
  ChainVerification,
  Lifecycle,
  ...reports,
  ProjectionStatus,
  ExportKey,
};

/** The JSON each route answers with (beside its downloads, where it has any), by the permission table's keys. */
export const JSON_ANSWERS: Readonly<Record<string, SchemaObject | { $ref: string }>> = {
  'GET /api/agreements': ref('AgreementPage'),
  'GET /api/agreements/:id/history': listOf(ref('HistoryEntry')),
  'GET /api/agreements/:id/verification': ref('ChainVerification'),
  'GET /api/lifecycle': ref('Lifecycle'),
  'GET /api/units': listOf(ref('Unit')),
  'GET /api/units/:code': ref('Unit'),
  'POST /api/units': ref('Unit'),
  'GET /api/reports/register': ref('RegisterReport'),
  'GET /api/reports/pipeline': ref('PipelineReport'),
  'GET /api/reports/pending-approvals': ref('PendingApprovalsReport'),
  'GET /api/reports/expiring': ref('ExpiringReport'),
  'GET /api/reports/outputs': ref('OutputsReport'),
  'GET /api/admin/projections': listOf(ref('ProjectionStatus')),
  'GET /api/export-key': ref('ExportKey'),
};
