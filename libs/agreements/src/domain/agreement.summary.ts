import type { LifecycleCommandName } from './agreement.commands';
import type { AgreementKind, ApprovalDecision, ApprovalStep, PartnerType, Program } from './agreement.vocabulary';
import type { LifecycleState } from './lifecycle.states';
import type { Audiensi, DraftDocument, DraftTerms, Partner, Review, Signing } from './agreement.parts';
import type { ActorRef, Agreement, Ending, ExecutionTotals } from './agreement.state';
import { missingApprovals, requiredSteps } from './approval.rules';
import { allowedCommandsFor } from './lifecycle';

export interface ApprovalView {
  readonly step: ApprovalStep;
  readonly decision: ApprovalDecision;
  readonly draftVersion: number;
  /** The approver's user id. */
  readonly by: string;
  readonly byName: string;
  readonly at: string;
  readonly note: string | null;
}

export interface DraftView {
  readonly version: number;
  readonly document: DraftDocument;
  readonly terms: DraftTerms;
  readonly changeNote: string | null;
  readonly submittedBy: ActorRef;
  readonly submittedAt: string;
  readonly signed: boolean;
}

/** An agreement as API.md's summary shows it. */
export interface AgreementSummary {
  readonly id: string;
  readonly title: string;
  readonly kind: AgreementKind;
  readonly state: LifecycleState;
  readonly version: number;
  readonly units: readonly string[];
  readonly kanwils: readonly string[];
  readonly partners: readonly (Partner & { type: PartnerType })[];
  readonly scope: readonly string[];
  readonly programs: readonly Program[];
  readonly summary: string | null;
  readonly audiensi: readonly Audiensi[];
  readonly draftVersion: number | null;
  readonly draft: DraftView | null;
  readonly requiredApprovals: readonly ApprovalStep[];
  readonly approvals: readonly ApprovalView[];
  readonly missingApprovals: readonly ApprovalStep[];
  readonly signing: (Signing & { draftVersion: number; recordedBy: ActorRef }) | null;
  readonly execution: { readonly startedOn: string } | null;
  readonly activities: ExecutionTotals;
  readonly reviews: readonly Review[];
  readonly amendments: readonly Ending[];
  readonly ending: Ending | null;
  readonly renewalOf: string | null;
  readonly renewedBy: string | null;
  readonly allowed: readonly LifecycleCommandName[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

function draftView(agreement: Agreement): DraftView | null {
  const { draft } = agreement;
  if (!draft) return null;
  const { version, document, terms, changeNote, submittedBy, submittedAt, signed } = draft;
  return { version, document, terms, changeNote: changeNote ?? null, submittedBy, submittedAt, signed };
}

function approvalViews(agreement: Agreement): ApprovalView[] {
  const current = agreement.draft?.version;
  return agreement.approvals
    .filter((a) => a.draftVersion === current)
    .map((a) => ({
      step: a.step,
      decision: a.decision,
      draftVersion: a.draftVersion,
      by: a.by.sub,
      byName: a.by.name,
      at: a.at,
      note: a.note ?? null,
    }));
}

export function toSummary(agreement: Agreement): AgreementSummary {
  const { terms } = agreement;
  return {
    id: agreement.id,
    title: terms.title,
    kind: terms.kind,
    state: agreement.status,
    version: agreement.version,
    units: terms.units.map((u) => u.code),
    kanwils: [...new Set(terms.units.map((u) => u.kanwil))],
    partners: terms.partners,
    scope: terms.scope,
    programs: terms.programs,
    summary: terms.summary ?? null,
    audiensi: agreement.audiensi,
    draftVersion: agreement.draft?.version ?? null,
    draft: draftView(agreement),
    requiredApprovals: requiredSteps(terms.kind),
    approvals: approvalViews(agreement),
    missingApprovals: missingApprovals(agreement),
    signing: agreement.signing,
    execution: agreement.execution,
    activities: agreement.activities,
    reviews: agreement.reviews,
    amendments: agreement.amendments,
    ending: agreement.ending,
    renewalOf: agreement.renewalOf,
    renewedBy: agreement.renewedBy,
    allowed: allowedCommandsFor(agreement),
    createdAt: agreement.createdAt,
    updatedAt: agreement.updatedAt,
  };
}
