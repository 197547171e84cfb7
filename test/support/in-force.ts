import type { SeedStory } from '@kemitraan/testing';

const DAY_MS = 86_400_000;

/**
 * The story with its signing's end moved to a year after `today`. The expiring report lists only
 * agreements still in force, and the seeds keep the end dates their news articles gave (Sapalindo's
 * ends on 2027-07-22): a test that reads the report through a seed would fail once that day passed.
 */
export function inForceForAYear(story: SeedStory, today = Date.now()): SeedStory {
  const effectiveUntil = new Date(today + 365 * DAY_MS).toISOString().slice(0, 10);
  return {
    ...story,
    steps: story.steps.map((step) =>
      step.command === 'signing' ? { ...step, body: { ...step.body, effectiveUntil } } : step,
    ),
  };
}
