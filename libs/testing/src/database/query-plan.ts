import type { Pool } from 'pg';

/** A node of `explain (analyze, format json)`, as far as the tests read it. */
export interface PlanNode {
  readonly 'Node Type': string;
  /** What the node hands on, with `verbose`. */
  readonly Output?: readonly string[];
  readonly 'Relation Name'?: string;
  readonly 'Plan Rows': number;
  readonly 'Actual Rows'?: number;
  readonly 'Actual Loops'?: number;
  readonly 'Rows Removed by Filter'?: number;
  readonly Plans?: readonly PlanNode[];
}

const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

/**
 * Runs the statement under `explain (analyze)` and answers every node of the plan PostgreSQL took;
 * `verbose` adds each node's output.
 */
export async function planNodes(
  pool: Pool,
  sql: string,
  values: unknown[],
  options: { verbose?: boolean } = {},
): Promise<PlanNode[]> {
  const { rows } = await pool.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
    `explain (analyze, ${options.verbose ? 'verbose, ' : ''}format json) ${sql}`,
    values,
  );
  return nodesOf(rows[0]!['QUERY PLAN'][0].Plan);
}

/** Rows a node read from its relation, over all its loops, and those it read only to throw away. */
export const rowsRead = (node: PlanNode): number =>
  node['Actual Rows']! * node['Actual Loops']! + (node['Rows Removed by Filter'] ?? 0);
