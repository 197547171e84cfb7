import { agreementMachine } from './agreement.machine';
import { LIFECYCLE_STATES } from './lifecycle.states';
import { isFinal, lifecycleTransitions } from './lifecycle';

/** The lifecycle as a Mermaid state diagram, drawn from the machine. */
export function lifecycleMermaid(): string {
  const lines = ['stateDiagram-v2', `  [*] --> ${agreementMachine.config.initial as string} : proposal`];
  for (const t of lifecycleTransitions()) {
    const label = t.guard ? `${t.command} [${t.guard}]` : t.command;
    lines.push(`  ${t.from} --> ${t.to} : ${label}`);
  }
  for (const state of LIFECYCLE_STATES.filter(isFinal)) lines.push(`  ${state} --> [*]`);
  return `${lines.join('\n')}\n`;
}
