/** Every report and list a read model answers: equal answers mean equal read models. */
export const EVERY_REPORT = [
  ...['unit', 'kanwil', 'partnerType', 'program', 'state', 'year'].map((g) => `/api/reports/register?groupBy=${g}`),
  '/api/reports/pipeline',
  '/api/reports/pending-approvals',
  '/api/reports/expiring?withinDays=3650',
  ...['agreement', 'unit', 'month'].map((g) => `/api/reports/outputs?groupBy=${g}`),
  '/api/agreements?limit=1000',
  '/api/agreements?state=inExecution&limit=7&offset=3',
];

/** Reads every report (as an auditor would), failing on any answer but 200. */
export async function everyReport(
  get: (path: string) => Promise<{ status: number; body: unknown }>,
): Promise<Record<string, unknown>> {
  const answers = await Promise.all(EVERY_REPORT.map((path) => get(path)));
  answers.forEach((answer, i) => {
    if (answer.status !== 200) throw new Error(`${EVERY_REPORT[i]} answered ${answer.status}`);
  });
  return Object.fromEntries(answers.map((answer, i) => [EVERY_REPORT[i], answer.body]));
}
