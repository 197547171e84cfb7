import autocannon from 'autocannon';

const BODY = JSON.stringify({ date: '2025-06-01', kind: 'TRAINING', title: 'Pelatihan', participants: 2 });

/** One run of load on a server: its rate, latencies, and failed requests. */
export interface Run {
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly failed: number;
}

export function cannon(options: autocannon.Options): Promise<Run> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => {
      if (error) return reject(error);
      resolve({
        perSecond: result.requests.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
        failed: result.non2xx + result.errors + result.timeouts,
      });
    });
  });
}

/** The agreements in turn, one per call; one rotation may feed several servers' load. */
export function rotation(agreements: readonly string[]): () => string {
  let next = 0;
  return () => agreements[next++ % agreements.length]!;
}

/** One activity per request, on the agreements in turn, for `seconds`. */
export function commands(
  url: string,
  token: string,
  agreements: readonly string[] | (() => string),
  seconds: number,
  connections = 50,
): Promise<Run> {
  const nextAgreement = typeof agreements === 'function' ? agreements : rotation(agreements);
  return cannon({
    url,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        setupRequest: (request) => ({
          ...request,
          path: `/api/agreements/${nextAgreement()}/activities`,
          body: BODY,
        }),
      },
    ],
  });
}

/**
 * Both paths measured, before any run: a server's first seconds of commands are slower (code not
 * yet optimised, agreements' states not yet kept), and only warming `/health` counted them against
 * the commands alone.
 */
export async function warmUp(url: string, token: string, agreements: readonly string[]): Promise<void> {
  await cannon({ url: `${url}/health`, connections: 50, duration: 2 });
  await commands(url, token, agreements, 3);
}
