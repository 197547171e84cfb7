import { Command } from '@nestjs/cqrs';
import type { Generations } from '../generations/read-model-generations';

/** Starts filling fresh copies of every read model from the start of the log (or joins one under way). */
export class RebuildReadModelsCommand extends Command<Generations> {}
