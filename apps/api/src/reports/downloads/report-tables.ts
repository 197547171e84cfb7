import type {
  ExpiringAgreement,
  OutputGrouping,
  OutputsReport,
  PendingApproval,
  PipelineReport,
  RegisterGrouping,
  RegisterReport,
} from '@kemitraan/projections';
import type { ReportTable } from './report-table';

const REGISTER_KEY: Record<RegisterGrouping, string> = {
  unit: 'Kode Unit',
  kanwil: 'Kode Kanwil',
  partnerType: 'Jenis Mitra',
  program: 'Program',
  state: 'Status',
  year: 'Tahun',
};

const OUTPUT_KEY: Record<OutputGrouping, string> = {
  agreement: 'ID Perjanjian',
  unit: 'Kode Unit',
  month: 'Bulan',
};

export const registerTable = (groupBy: RegisterGrouping, report: RegisterReport): ReportTable => ({
  name: `register-${groupBy}`,
  title: 'Register Kerja Sama',
  columns: [
    { key: 'key', header: REGISTER_KEY[groupBy], kind: 'text' },
    { key: 'count', header: 'Jumlah Perjanjian', kind: 'count' },
  ],
  rows: report.rows,
});

/** The state counts and the stage durations in one table, told apart by its first column. */
export const pipelineTable = (report: PipelineReport): ReportTable => ({
  name: 'pipeline',
  title: 'Alur Kerja Sama',
  columns: [
    { key: 'part', header: 'Bagian', kind: 'text' },
    { key: 'from', header: 'Status', kind: 'text' },
    { key: 'to', header: 'Ke Status', kind: 'text' },
    { key: 'count', header: 'Jumlah', kind: 'count' },
    { key: 'medianDays', header: 'Median Hari', kind: 'days' },
  ],
  rows: [
    ...report.states.map((s) => ({ part: 'Jumlah per status', from: s.state, count: s.count })),
    ...report.stages.map((s) => ({
      part: 'Lama tahap',
      from: s.from,
      to: s.to,
      count: s.samples,
      medianDays: s.medianDays,
    })),
  ],
});

export const pendingApprovalsTable = (rows: readonly PendingApproval[]): ReportTable => ({
  name: 'pending-approvals',
  title: 'Persetujuan Tertunda',
  columns: [
    { key: 'agreementId', header: 'ID Perjanjian', kind: 'text' },
    { key: 'title', header: 'Judul', kind: 'text' },
    { key: 'draftVersion', header: 'Versi Draf', kind: 'count' },
    { key: 'step', header: 'Tahap Persetujuan', kind: 'text' },
    { key: 'waitingDays', header: 'Hari Menunggu', kind: 'count' },
  ],
  rows,
});

export const expiringTable = (rows: readonly ExpiringAgreement[]): ReportTable => ({
  name: 'expiring',
  title: 'Akan Berakhir',
  columns: [
    { key: 'agreementId', header: 'ID Perjanjian', kind: 'text' },
    { key: 'title', header: 'Judul', kind: 'text' },
    { key: 'effectiveUntil', header: 'Berlaku Sampai', kind: 'date' },
    { key: 'daysLeft', header: 'Sisa Hari', kind: 'count' },
  ],
  rows,
});

export const outputsTable = (groupBy: OutputGrouping, report: OutputsReport): ReportTable => ({
  name: `outputs-${groupBy}`,
  title: 'Hasil Pelaksanaan',
  columns: [
    { key: 'key', header: OUTPUT_KEY[groupBy], kind: 'text' },
    { key: 'activities', header: 'Jumlah Kegiatan', kind: 'count' },
    { key: 'participants', header: 'Peserta WBP', kind: 'count' },
    { key: 'revenueIdr', header: 'Pendapatan (Rp)', kind: 'rupiah' },
  ],
  rows: report.rows,
});
