/** A Maros MoU as the e2e suites tell it: its proposal, audiensi, first draft and signing. */
export const MAROS_PROPOSAL = {
  title: 'Kerja sama Lapas Maros dan Pemkab Maros',
  kind: 'MOU',
  units: ['LAPAS-MAROS'],
  partners: [{ name: 'Pemerintah Kabupaten Maros', type: 'LOCAL_GOVERNMENT' }],
  scope: ['Pelatihan kerja'],
  programs: ['PELATIHAN_KERJA'],
};
export const MAROS_AUDIENSI = {
  heldOn: '2025-08-04',
  place: 'Kantor Bupati Maros',
  attendees: [{ name: 'Ali Imran', role: 'Kalapas', organization: 'Lapas Maros' }],
  summary: 'Audiensi',
};
export const MAROS_DRAFT = {
  document: { title: 'Draf MoU', sha256: 'ab'.repeat(32) },
  terms: { durationMonths: 24, obligations: [{ party: 'Pemkab Maros', description: 'Pelatihan' }] },
};
export const MAROS_SIGNING = {
  signedOn: '2025-09-01',
  place: 'Maros',
  documentNumber: 'MOU/7',
  signatories: [
    { name: 'Ali Imran', title: 'Kalapas', party: 'Lapas Maros' },
    { name: 'Chaidir Syam', title: 'Bupati', party: 'Pemkab Maros' },
  ],
  effectiveFrom: '2025-09-01',
  effectiveUntil: '2027-08-31',
};
