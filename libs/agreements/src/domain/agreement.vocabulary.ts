/** The closed vocabularies of PRODUCT.md and API.md, shared by commands, events and validation. */

export const AGREEMENT_KINDS = ['MOU', 'PKS'] as const;
export type AgreementKind = (typeof AGREEMENT_KINDS)[number];

export const PARTNER_TYPES = [
  'COMPANY',
  'COOPERATIVE',
  'LOCAL_GOVERNMENT',
  'GOVERNMENT_AGENCY',
  'BUSINESS_ASSOCIATION',
  'UNIVERSITY',
  'NGO',
  'OTHER',
] as const;
export type PartnerType = (typeof PARTNER_TYPES)[number];

export const PROGRAMS = [
  'KEMANDIRIAN',
  'KEPRIBADIAN',
  'REHABILITASI',
  'PELATIHAN_KERJA',
  'PEMASARAN',
  'ASIMILASI',
  'REINTEGRASI',
  'KESEJAHTERAAN_PEGAWAI',
] as const;
export type Program = (typeof PROGRAMS)[number];

export const APPROVAL_STEPS = ['UPT_HEAD', 'LEGAL', 'KANWIL_HEAD'] as const;
export type ApprovalStep = (typeof APPROVAL_STEPS)[number];

export const APPROVAL_DECISIONS = ['APPROVE', 'DECLINE'] as const;
export type ApprovalDecision = (typeof APPROVAL_DECISIONS)[number];

export const ACTIVITY_KINDS = ['TRAINING', 'PRODUCTION', 'MARKETING', 'MENTORING', 'OTHER'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export const REVIEW_RECOMMENDATIONS = ['CONTINUE', 'AMEND', 'RENEW', 'TERMINATE'] as const;
export type ReviewRecommendation = (typeof REVIEW_RECOMMENDATIONS)[number];
