import type { LifecycleCommand } from './agreement.commands';
import { BusinessDateInTheFuture } from './agreement.errors';

/** Eastern Indonesian Time's offset: no day of Indonesia's calendar begins later than there. */
const LATEST_INDONESIAN_OFFSET_MS = 9 * 3_600_000;

/** The latest calendar day anywhere in Indonesia at `instant` (the command's time). */
export function latestIndonesianDay(instant: string): string {
  return new Date(Date.parse(instant) + LATEST_INDONESIAN_OFFSET_MS).toISOString().slice(0, 10);
}

/** The day a command says something happened on, for the commands that record a past event. */
function happenedOn(command: LifecycleCommand): { field: string; day: string } | null {
  switch (command.type) {
    case 'audiensi':
      return { field: 'heldOn', day: command.data.heldOn };
    case 'signing':
      return { field: 'signedOn', day: command.data.signedOn };
    case 'execution':
      return { field: 'startedOn', day: command.data.startedOn };
    case 'activities':
      return { field: 'date', day: command.data.date };
    case 'reviews':
      return { field: 'reviewedOn', day: command.data.reviewedOn };
    default:
      return null;
  }
}

/**
 * Why the day a command says something happened on cannot be recorded: it is later than today
 * anywhere in Indonesia when the command is decided (a meeting held, a signing, a start, an
 * activity or a review is recorded once it has happened), or null. Any earlier day is taken: staff
 * record what happened days or years ago. Days are not held to the order of the story (a signing
 * before its audiensi): the log has no correction command, so a mistyped earlier day would lock
 * every truthful later one out; such contradictions stay visible in the history and reports.
 */
export function businessDateRefusal(command: LifecycleCommand): BusinessDateInTheFuture | null {
  const dated = happenedOn(command);
  if (!dated) return null;
  const today = latestIndonesianDay(command.metadata.now);
  if (dated.day <= today) return null;
  return new BusinessDateInTheFuture(dated.field, `${dated.field} ${dated.day} is after today (${today}).`);
}
