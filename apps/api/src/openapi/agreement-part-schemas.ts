import type { SchemaObject } from '@nestjs/swagger';
import { REVIEW_RECOMMENDATIONS } from '@kemitraan/agreements';
import { date, enumOf, instant, integer, listOf, objectOf, text, textOrNull, withOptional } from './schema-parts';

const actorRef = objectOf({ sub: text, name: text });

/** The parts of an agreement's summary, as the domain folds them from its events. */
export const AGREEMENT_PART_SCHEMAS: Record<string, SchemaObject> = {
  Audiensi: objectOf({
    heldOn: date,
    place: text,
    attendees: listOf(objectOf({ name: text, role: text, organization: text })),
    summary: text,
  }),
  Draft: objectOf(
    {
      version: integer,
      document: objectOf({ title: text, sha256: text }),
      terms: objectOf({ durationMonths: integer, obligations: listOf(objectOf({ party: text, description: text })) }),
      changeNote: textOrNull,
      submittedBy: actorRef,
      submittedAt: instant,
      signed: { type: 'boolean' },
    },
    true,
  ),
  Signing: withOptional(
    objectOf(
      {
        signedOn: date,
        place: text,
        documentNumber: text,
        signatories: listOf(objectOf({ name: text, title: text, party: text })),
        effectiveFrom: date,
        effectiveUntil: date,
        draftVersion: integer,
        recordedBy: actorRef,
      },
      true,
    ),
    { witnesses: listOf(withOptional(objectOf({ name: text }), { title: text, party: text })) },
  ),
  Review: objectOf({
    reviewedOn: date,
    period: text,
    score: integer,
    findings: text,
    recommendation: enumOf(REVIEW_RECOMMENDATIONS),
  }),
  Ending: objectOf({ reason: text, at: instant, by: actorRef }),
};
