import type { SchemaObject } from '@nestjs/swagger';

/** The pieces the answers' schemas are written with (OpenAPI 3.0: `nullable`). */
export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const text: SchemaObject = { type: 'string' };
export const textOrNull: SchemaObject = { type: 'string', nullable: true };
export const date: SchemaObject = { type: 'string', format: 'date' };
export const instant: SchemaObject = { type: 'string', format: 'date-time' };
export const integer: SchemaObject = { type: 'integer' };
export const listOf = (items: SchemaObject | { $ref: string }): SchemaObject => ({ type: 'array', items });
export const enumOf = (values: readonly string[]): SchemaObject => ({ type: 'string', enum: [...values] });
export const objectOf = (
  properties: Record<string, SchemaObject | { $ref: string }>,
  nullable = false,
): SchemaObject => ({
  type: 'object',
  properties,
  required: Object.keys(properties),
  ...(nullable ? { nullable: true } : {}),
});
/** `schema` with properties an answer may leave out. */
export const withOptional = (
  schema: SchemaObject,
  optional: Record<string, SchemaObject | { $ref: string }>,
): SchemaObject => ({ ...schema, properties: { ...schema.properties, ...optional } });
