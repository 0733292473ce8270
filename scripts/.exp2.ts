import { readFileSync } from 'node:fs';
import { diffSchemas, schemaEngineVersion, SCHEMA_PATH } from './.exp-migrate';
(async () => {
  console.log('engine', schemaEngineVersion());
  const sql = await diffSchemas('postgresql://postgres:postgres@localhost:54391/postgres', { kind: 'empty' }, { kind: 'schema', content: readFileSync(SCHEMA_PATH, 'utf8') });
  console.log(sql);
})().catch((e) => { console.error('ERR', e); process.exit(1); });
