import type request from 'supertest';
import type { SeedStory } from '@kemitraan/testing';
import type { TestApi } from './test-api';

export interface ToldStory {
  readonly agreementId: string;
  readonly responses: readonly request.Response[];
}

/** Tells a seed story through the API, as its people would, failing loudly on any refusal. */
export async function tellStory(api: TestApi, story: SeedStory): Promise<ToldStory> {
  for (const unit of story.units ?? []) {
    const registered = await api.post('admin', '/api/units', unit);
    if (registered.status !== 201 && registered.status !== 409)
      throw new Error(`Unit ${unit.code}: ${registered.text}`);
  }
  const responses: request.Response[] = [];
  let agreementId = '';
  for (const step of story.steps) {
    const path = step.command === 'proposal' ? '/api/agreements' : `/api/agreements/${agreementId}/${step.command}`;
    const response = await api.post(step.as, path, step.body);
    if (response.status >= 300)
      throw new Error(`${story.seed} ${step.command} answered ${response.status}: ${response.text}`);
    agreementId ||= response.body.id;
    responses.push(response);
  }
  return { agreementId, responses };
}
