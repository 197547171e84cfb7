import type { Actor, AgreementCommand, AgreementCommandName, UnitRef } from '@kemitraan/agreements/domain';

/** The Kanwil of each unit the seed stories use. */
export const UNIT_KANWIL: Readonly<Record<string, string>> = {
  'LAPAS-MAROS': 'KANWIL-SULSEL',
  'RUTAN-MAKASSAR': 'KANWIL-SULSEL',
  'LAPAS-TAKALAR': 'KANWIL-SULSEL',
  'LAPAS-MAKASSAR': 'KANWIL-SULSEL',
  'LAPAS-PAREPARE': 'KANWIL-SULSEL',
  'LAPAS-NARKOTIKA-SAMARINDA': 'KANWIL-KALTIM',
};

export const AGREEMENT_ID = '0192d3c0-0000-7000-8000-000000000001';
export const SUCCESSOR_ID = '0192d3c0-0000-7000-8000-000000000002';

// After every day the stories name: a command may not name a day after it is recorded.
let clock = Date.parse('2026-06-01T00:00:00Z');

/** A fixed, advancing clock: every command a minute after the previous one. */
function nextInstant(): string {
  clock += 60_000;
  return new Date(clock).toISOString();
}

function dataOf(type: AgreementCommandName, body: Record<string, unknown>): unknown {
  if (type === 'proposal') {
    const codes = body.units as string[];
    const units: UnitRef[] = codes.map((code) => ({ code, kanwil: UNIT_KANWIL[code] ?? 'KANWIL-UNKNOWN' }));
    return { ...body, units };
  }
  if (type === 'renewal') return { successorId: SUCCESSOR_ID, ...body };
  return body;
}

/** Builds a domain command from the body a client would send over HTTP. */
export function commandOf(
  type: AgreementCommandName,
  body: Record<string, unknown>,
  actor: Actor,
  agreementId: string = AGREEMENT_ID,
): AgreementCommand {
  const commandId = `cmd-${clock}`;
  return {
    type,
    agreementId,
    data: dataOf(type, body),
    metadata: { commandId, correlationId: commandId, causationId: commandId, actor, now: nextInstant() },
  } as AgreementCommand;
}
