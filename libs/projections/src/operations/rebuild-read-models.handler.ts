import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Generations } from '../generations/read-model-generations';
import { ProjectionWorker } from '../projection-worker';
import { RebuildReadModelsCommand } from './rebuild-read-models.command';

@CommandHandler(RebuildReadModelsCommand)
export class RebuildReadModelsHandler implements ICommandHandler<RebuildReadModelsCommand, Generations> {
  constructor(private readonly worker: ProjectionWorker) {}

  execute(): Promise<Generations> {
    return this.worker.requestRebuild();
  }
}
