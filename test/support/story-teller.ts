import type { ActorKey, SeedStory } from '@kemitraan/testing';

/** What a story needs of a client: to send a command as one of its people. */
export interface Answer {
  readonly status: number;
  readonly body: any;
}
export type PostAs<A extends Answer> = (as: ActorKey, path: string, body: unknown) => Promise<A>;

export interface ToldStory<A extends Answer> {
  readonly agreementId: string;
  readonly responses: readonly A[];
}

/** Tells a seed story through the API, as its people would, failing loudly on any refusal. */
export async function tellStory<A extends Answer>(post: PostAs<A>, story: SeedStory): Promise<ToldStory<A>> {
  for (const unit of story.units ?? []) {
    const registered = await post('admin', '/api/units', unit);
    if (registered.status !== 201 && registered.status !== 409) {
      throw new Error(`Unit ${unit.code}: ${JSON.stringify(registered.body)}`);
    }
  }
  const responses: A[] = [];
  let agreementId = '';
  for (const step of story.steps) {
    const path = step.command === 'proposal' ? '/api/agreements' : `/api/agreements/${agreementId}/${step.command}`;
    const response = await post(step.as, path, step.body);
    if (response.status >= 300) {
      throw new Error(`${story.seed} ${step.command} answered ${response.status}: ${JSON.stringify(response.body)}`);
    }
    agreementId ||= response.body.id;
    responses.push(response);
  }
  return { agreementId, responses };
}
