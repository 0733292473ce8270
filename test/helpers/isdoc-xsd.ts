import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';

/**
 * Validates XML against the official ISDOC 6.0.2 schema with libxml2's xmllint (compiled to
 * WebAssembly, offline), with the official XSD kept in test/fixtures/isdoc (see its README).
 */
const ISDOC_XSD = readFileSync(join(__dirname, '..', 'fixtures', 'isdoc', 'isdoc-invoice-6.0.2.xsd'), 'utf8');

export async function validateIsdocXsd(xml: string): Promise<{ valid: boolean; errors: string[] }> {
  const result = await validateXML({
    xml: { fileName: 'document.isdoc', contents: xml },
    schema: { fileName: 'isdoc-invoice-6.0.2.xsd', contents: ISDOC_XSD },
  });
  return { valid: result.valid, errors: result.errors.map((e) => e.message) };
}
