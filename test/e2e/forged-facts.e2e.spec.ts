import { randomUUID } from 'node:crypto';
import { LIFECYCLE_VERSION, type Actor } from '@kemitraan/agreements';
import { EMPTY_STREAM, chainEvents, type NewEvent } from '@kemitraan/event-store';
import { ACTORS } from '@kemitraan/testing';
import { verifyHistoryExport } from '../../apps/api/src/exports/verify-history-export';
import { startTestApi, type TestApi } from '../support/test-api';
import { MAROS_AUDIENSI, MAROS_DRAFT, MAROS_PROPOSAL, MAROS_SIGNING } from '../support/maros-mou';

const SIGNING = { ...MAROS_SIGNING, documentNumber: 'FORGED/1' };
const approval = (step: string, decision = 'APPROVE', note?: string) => ({
  draftVersion: 1,
  step,
  decision,
  ...(note ? { note } : {}),
});

/**
 * Someone granted INSERT on `events` can append facts whose hashes and links are right (the hash
 * is not keyed: SECURITY.md). /verification and verify-export then decide each fact's command
 * again on the agreement as it stood before: a fact the rules would have refused shows.
 */
describe('facts appended around the server, with right hashes, that the rules would have refused', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  /** A Maros MoU with its draft, and the approvals given through the API. */
  async function drafted(...approvals: [keyof typeof ACTORS, ReturnType<typeof approval>][]): Promise<string> {
    const { id } = (await api.post('operatorMaros', '/api/agreements', MAROS_PROPOSAL)).body;
    expect((await api.post('kalapasMaros', `/api/agreements/${id}/audiensi`, MAROS_AUDIENSI)).status).toBe(200);
    expect((await api.post('operatorMaros', `/api/agreements/${id}/drafts`, MAROS_DRAFT)).status).toBe(200);
    for (const [who, body] of approvals) {
      expect((await api.post(who, `/api/agreements/${id}/approvals`, body)).status).toBe(200);
    }
    return id;
  }

  type Fact = [Actor, string, Record<string, unknown>];
  const forge = (id: string, ...facts: Fact[]) => forgeUnder(LIFECYCLE_VERSION, id, ...facts);

  /**
   * Appends facts as a database user with INSERT could (a new stream too): right links, right
   * hashes, dated now, saying the machine version given decided them.
   */
  async function forgeUnder(machineVersion: string, id: string, ...facts: Fact[]): Promise<number> {
    const streamId = `agreement-${id}`;
    const { rows } = await api.db.pool.query(
      'select version, hash from events where stream_id = $1 order by version desc limit 1',
      [streamId],
    );
    const events: NewEvent[] = facts.map(([actor, type, data]) => {
      const commandId = randomUUID();
      return {
        eventId: randomUUID(),
        type,
        data: data as NewEvent['data'],
        metadata: {
          actor: { ...actor, roles: [...actor.roles] },
          at: new Date().toISOString(),
          commandId,
          correlationId: commandId,
          causationId: commandId,
          machineVersion,
        },
      };
    });
    const tip = rows[0] ? { version: rows[0].version as number, hash: rows[0].hash as string } : EMPTY_STREAM;
    for (const event of chainEvents(streamId, tip, events)) {
      await api.db.pool.query(
        `insert into events (stream_id, version, event_id, type, data, metadata, hash, previous_hash)
         values ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          streamId,
          event.version,
          event.eventId,
          event.type,
          event.data,
          event.metadata,
          event.hash,
          event.previousHash,
        ],
      );
    }
    return tip.version + 1;
  }

  /** A new agreement whose every fact is `id`'s, as if the machine version given had decided them all. */
  async function copiedUnder(machineVersion: string, id: string): Promise<string> {
    const copy = randomUUID();
    const { rows } = await api.db.pool.query(
      'select type, data, metadata from events where stream_id = $1 order by version',
      [`agreement-${id}`],
    );
    const facts = rows.map(({ type, data, metadata }): Fact => {
      return [metadata.actor, type, type === 'AgreementProposed' ? { ...data, agreementId: copy } : data];
    });
    await forgeUnder(machineVersion, copy, ...facts);
    return copy;
  }

  const verification = async (id: string) => (await api.get('auditor', `/api/agreements/${id}/verification`)).body;

  it('holds a history told through the API, every fact admissible', async () => {
    const id = await drafted(
      ['kalapasMaros', approval('UPT_HEAD')],
      ['legalSulsel', approval('LEGAL')],
      ['kakanwilSulsel', approval('KANWIL_HEAD')],
    );
    expect((await api.post('kalapasMaros', `/api/agreements/${id}/signing`, SIGNING)).status).toBe(200);
    expect(await verification(id)).toEqual({ valid: true, events: 7 });
  });

  it('shows a step approved after it was declined, and the signing forged on it', async () => {
    const id = await drafted(
      ['kalapasMaros', approval('UPT_HEAD')],
      ['legalSulsel', approval('LEGAL', 'DECLINE', 'Pasal 5 belum sesuai')],
      ['kakanwilSulsel', approval('KANWIL_HEAD')],
    );
    const forged = await forge(
      id,
      [ACTORS.legalSulsel, 'DraftApproved', { draftVersion: 1, step: 'LEGAL' }],
      [ACTORS.kalapasMaros, 'AgreementSigned', { ...SIGNING, draftVersion: 1 }],
    );
    expect((await api.get('auditor', `/api/agreements/${id}`)).body.state).toBe('signed');
    expect(await verification(id)).toEqual({ valid: false, events: forged + 1, firstBrokenVersion: forged });

    const exported = (await api.get('auditor', `/api/agreements/${id}/history?format=jsonl`)).text as string;
    const key = (await api.get('auditor', '/api/export-key')).body.publicKeyPem;
    expect(await verifyHistoryExport(exported, key)).toMatchObject({
      signatureValid: true,
      chain: { valid: false, firstBrokenVersion: forged },
      problem: expect.stringContaining(`version ${forged} breaks the rules`),
    });
  });

  it.each([
    [
      'a signing with approvals missing',
      [ACTORS.kalapasMaros, 'AgreementSigned', { ...SIGNING, draftVersion: 1 }],
      'The agreement cannot be signed before these approvals of the current draft: UPT_HEAD, LEGAL, KANWIL_HEAD.',
    ],
    [
      'an approval by a reviewer of another Kanwil',
      [ACTORS.legalKaltim, 'DraftApproved', { draftVersion: 1, step: 'LEGAL' }],
      "Unit KANWIL-KALTIM is outside this agreement's scope: the role legal acts only in the Kanwil of one of its units (KANWIL-SULSEL).",
    ],
    [
      'an approval by its own drafter',
      [
        { ...ACTORS.operatorMaros, roles: ['operator', 'upt_head'] },
        'DraftApproved',
        { draftVersion: 1, step: 'UPT_HEAD' },
      ],
      'The user who submitted a draft version may not approve or decline it.',
    ],
    [
      'a draft numbered out of turn',
      [ACTORS.operatorMaros, 'DraftSubmitted', { ...MAROS_DRAFT, draftVersion: 5 }],
      'deciding its command again gives DraftSubmitted otherwise',
    ],
    [
      'a fact the state does not allow',
      [ACTORS.kalapasMaros, 'ExecutionStarted', { startedOn: '2025-09-02' }],
      "'execution' is not allowed while the agreement is drafted.",
    ],
  ] as [string, [Actor, string, Record<string, unknown>], string][])('shows %s, and why', async (_case, fact, why) => {
    const id = await drafted();
    const forged = await forge(id, fact);
    expect(await verification(id)).toEqual({ valid: false, events: forged, firstBrokenVersion: forged });
    const exported = (await api.get('auditor', `/api/agreements/${id}/history?format=jsonl`)).text as string;
    const key = (await api.get('auditor', '/api/export-key')).body.publicKeyPem;
    expect((await verifyHistoryExport(exported, key)).problem).toBe(`version ${forged} breaks the rules: ${why}`);
  });

  it('judges each fact by the rules of the machine version that says it decided it, never an older one than before it', async () => {
    const approvals: [keyof typeof ACTORS, ReturnType<typeof approval>][] = [
      ['kalapasMaros', approval('UPT_HEAD')],
      ['legalSulsel', approval('LEGAL')],
      ['kakanwilSulsel', approval('KANWIL_HEAD')],
    ];
    // Signed on a day still to come: refused since agreement@3, taken before it.
    const signedLater: Fact = [
      ACTORS.kalapasMaros,
      'AgreementSigned',
      { ...SIGNING, signedOn: '2099-01-01', draftVersion: 1 },
    ];
    const under3 = await drafted(...approvals);
    const underOld = await copiedUnder('agreement@2', under3);
    await forgeUnder('agreement@2', underOld, signedLater);
    const forged = await forgeUnder('agreement@3', under3, signedLater);
    expect(await verification(underOld)).toEqual({ valid: true, events: forged });
    expect(await verification(under3)).toEqual({ valid: false, events: forged, firstBrokenVersion: forged });
    const exported = (await api.get('auditor', `/api/agreements/${under3}/history?format=jsonl`)).text as string;
    const key = (await api.get('auditor', '/api/export-key')).body.publicKeyPem;
    expect((await verifyHistoryExport(exported, key)).problem).toMatch(
      new RegExp(
        `^version ${forged} breaks the rules: signedOn 2099-01-01 is after today \\(\\d{4}-\\d{2}-\\d{2}\\)\\.$`,
      ),
    );

    // In a stream the server (agreement@3) wrote, a fact claiming @2 is still judged by @3's rules.
    const claimsOlder = await drafted(...approvals);
    const downgraded = await forgeUnder('agreement@2', claimsOlder, signedLater);
    expect(await verification(claimsOlder)).toEqual({
      valid: false,
      events: downgraded,
      firstBrokenVersion: downgraded,
    });
  });

  it('holds a declined step cleared by a new version, approvals with notes, and the signing after them', async () => {
    const id = await drafted(
      ['kalapasMaros', approval('UPT_HEAD', 'APPROVE', 'Sesuai')],
      ['legalSulsel', approval('LEGAL', 'DECLINE', 'Pasal 5 belum sesuai')],
    );
    const redraft = { ...MAROS_DRAFT, changeNote: 'Pasal 5 diperbaiki' };
    expect((await api.post('operatorMaros', `/api/agreements/${id}/drafts`, redraft)).status).toBe(200);
    for (const [who, step] of [
      ['kalapasMaros', 'UPT_HEAD'],
      ['legalSulsel', 'LEGAL'],
      ['kakanwilSulsel', 'KANWIL_HEAD'],
    ] as const) {
      const body = { ...approval(step, 'APPROVE', 'Disetujui'), draftVersion: 2 };
      expect((await api.post(who, `/api/agreements/${id}/approvals`, body)).status).toBe(200);
    }
    expect((await api.post('kakanwilSulsel', `/api/agreements/${id}/signing`, SIGNING)).status).toBe(200);
    expect(await verification(id)).toEqual({ valid: true, events: 10 });
  });
  describe("a successor's proposal (renewalOf), checked as its renewal's actor", () => {
    const successor = (predecessor: string) => ({
      ...MAROS_PROPOSAL,
      units: [{ code: 'LAPAS-MAROS', kanwil: 'KANWIL-SULSEL' }],
      agreementId: '',
      renewalOf: predecessor,
    });

    it.each([
      ['by the head of its unit: holds', ACTORS.kalapasMaros, { valid: true, events: 1 }],
      [
        'by an operator, who may not renew: shows',
        ACTORS.operatorMaros,
        { valid: false, events: 1, firstBrokenVersion: 1 },
      ],
      ['by a head of another unit: shows', ACTORS.kalapasSamarinda, { valid: false, events: 1, firstBrokenVersion: 1 }],
    ] as [string, Actor, object][])('%s', async (_case, actor, expected) => {
      const predecessor = await drafted();
      const id = randomUUID();
      await forge(id, [actor, 'AgreementProposed', { ...successor(predecessor), agreementId: id }]);
      expect(await verification(id)).toEqual(expected);
    });

    it('shows a second proposal inside a stream as a broken fact, not a failure', async () => {
      const id = await drafted();
      const forged = await forge(id, [ACTORS.kalapasMaros, 'AgreementProposed', { ...successor(id), agreementId: id }]);
      expect(await verification(id)).toEqual({ valid: false, events: forged, firstBrokenVersion: forged });
    });
  });
});
