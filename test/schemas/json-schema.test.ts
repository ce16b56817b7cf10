import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { requestLogEventJsonSchema } from '../../schemas/json-schema';

describe('published JSON Schema', () => {
  it('is the one generated from the zod contract (regenerate with `npx distillguard schema`)', () => {
    const committed = JSON.parse(readFileSync(join(__dirname, '../../schemas/request-log-event.v1.schema.json'), 'utf8'));
    expect(committed).toEqual(requestLogEventJsonSchema());
  });
});
