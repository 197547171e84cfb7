import type { LifecycleCommand } from './agreement.commands';
import { BusinessDateOutOfOrder } from './agreement.errors';
import type { Agreement } from './agreement.state';

/** Eastern Indonesian Time's offset: no day of Indonesia's calendar begins later than there. */
const LATEST_INDONESIAN_OFFSET_MS = 9 * 3_600_000;

/** The latest calendar day anywhere in Indonesia at `instant` (the command's time). */
export function latestIndonesianDay(instant: string): string {
  return new Date(Date.parse(instant) + LATEST_INDONESIAN_OFFSET_MS).toISOString().slice(0, 10);
}

interface DatedCommand {
  readonly field: string;
  readonly day: string;
  /** The day it may not be before, and what that day is. */
  readonly follows: { readonly day: string; readonly what: string } | null;
}

const latest = (days: readonly string[]) => days.reduce<string | null>((a, d) => (a === null || d > a ? d : a), null);

function firstStart(agreement: Agreement) {
  const execution = agreement.execution;
  return execution && { day: execution.firstStartedOn ?? execution.startedOn, what: 'execution started' };
}

/** The day a command names and what it must follow, for the commands that name one. */
function datedCommand(agreement: Agreement, command: LifecycleCommand): DatedCommand | null {
  switch (command.type) {
    case 'audiensi':
      return { field: 'heldOn', day: command.data.heldOn, follows: null };
    case 'signing': {
      const signed = agreement.signing && { day: agreement.signing.signedOn, what: 'the signing it amends' };
      const heard = latest(agreement.audiensi.map((a) => a.heldOn));
      const audiensi = heard === null ? null : { day: heard, what: 'the last audiensi was held' };
      return { field: 'signedOn', day: command.data.signedOn, follows: signed ?? audiensi };
    }
    case 'execution': {
      const signing = agreement.signing && { day: agreement.signing.signedOn, what: 'the agreement was signed' };
      return { field: 'startedOn', day: command.data.startedOn, follows: signing };
    }
    case 'activities':
      return { field: 'date', day: command.data.date, follows: firstStart(agreement) };
    case 'reviews':
      return { field: 'reviewedOn', day: command.data.reviewedOn, follows: firstStart(agreement) };
    default:
      return null;
  }
}

/**
 * Why the day a command names cannot be recorded, or null: it is later than today anywhere in
 * Indonesia when the command is decided, or earlier than what it follows in the agreement's story.
 * Days before the command's own time are fine: staff record what happened days or years ago.
 */
export function businessDateRefusal(agreement: Agreement, command: LifecycleCommand): BusinessDateOutOfOrder | null {
  const dated = datedCommand(agreement, command);
  if (!dated) return null;
  const today = latestIndonesianDay(command.metadata.now);
  if (dated.day > today) {
    return new BusinessDateOutOfOrder(dated.field, `${dated.field} ${dated.day} is after today (${today}).`);
  }
  const follows = dated.follows;
  if (follows && dated.day < follows.day) {
    return new BusinessDateOutOfOrder(
      dated.field,
      `${dated.field} ${dated.day} is before ${follows.day}, when ${follows.what}.`,
    );
  }
  return null;
}
