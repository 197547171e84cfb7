import type { ActivityKind, AgreementKind, PartnerType, Program, ReviewRecommendation } from './agreement.vocabulary';

/** A unit on the inside of an agreement, with the Kanwil it belonged to when proposed. */
export interface UnitRef {
  readonly code: string;
  readonly kanwil: string;
}

export interface Partner {
  readonly name: string;
  readonly type: PartnerType;
  readonly representative?: string;
}

export interface AgreementTerms {
  readonly title: string;
  readonly kind: AgreementKind;
  readonly units: readonly UnitRef[];
  readonly partners: readonly Partner[];
  readonly scope: readonly string[];
  readonly programs: readonly Program[];
  readonly summary?: string;
}

export interface Attendee {
  readonly name: string;
  readonly role: string;
  readonly organization: string;
}

export interface Audiensi {
  readonly heldOn: string;
  readonly place: string;
  readonly attendees: readonly Attendee[];
  readonly summary: string;
}

export interface DraftDocument {
  readonly title: string;
  readonly sha256: string;
}

export interface Obligation {
  readonly party: string;
  readonly description: string;
}

export interface DraftTerms {
  readonly durationMonths: number;
  readonly obligations: readonly Obligation[];
}

export interface Draft {
  readonly document: DraftDocument;
  readonly terms: DraftTerms;
  readonly changeNote?: string;
}

export interface Signatory {
  readonly name: string;
  readonly title: string;
  readonly party: string;
}

export interface Witness {
  readonly name: string;
  readonly title?: string;
  readonly party?: string;
}

export interface Signing {
  readonly signedOn: string;
  readonly place: string;
  readonly documentNumber: string;
  readonly signatories: readonly Signatory[];
  readonly witnesses?: readonly Witness[];
  readonly effectiveFrom: string;
  readonly effectiveUntil: string;
}

export interface Activity {
  readonly date: string;
  readonly kind: ActivityKind;
  readonly title: string;
  readonly participants: number;
  readonly outputs?: string;
  readonly revenueIdr?: number;
}

export interface Review {
  readonly reviewedOn: string;
  readonly period: string;
  readonly score: number;
  readonly findings: string;
  readonly recommendation: ReviewRecommendation;
}
