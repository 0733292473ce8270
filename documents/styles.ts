/** Inline stylesheet for every document: A4, DejaVu Sans (installed via fontconfig, covers Czech diacritics). */
export const DOCUMENT_CSS = `
@page { size: A4; margin: 14mm 14mm 16mm 14mm; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font-family: 'DejaVu Sans', sans-serif; font-size: 8.6pt; color: #1d1d1f; line-height: 1.35; }
h1 { font-size: 16pt; margin: 0; font-weight: bold; }
h2 { font-size: 8pt; text-transform: uppercase; letter-spacing: 0.04em; color: #555; margin: 0 0 1.5mm 0; }
.small { font-size: 7.2pt; color: #555; }
.doc-header { display: flex; justify-content: space-between; align-items: flex-start; border-bottom: 0.6mm solid #0b5cab; padding-bottom: 3mm; margin-bottom: 4mm; }
.brand { font-size: 14pt; font-weight: bold; color: #0b5cab; }
.doc-title { text-align: right; }
.doc-number { font-size: 11pt; margin-top: 1mm; }
.subtitle { margin-top: 1mm; }
.badge { display: inline-block; margin-top: 1.5mm; padding: 0.8mm 2.5mm; border: 0.4mm solid #b00020; color: #b00020; font-weight: bold; text-transform: uppercase; }
.parties { display: flex; gap: 6mm; margin-bottom: 4mm; }
.party { flex: 1; border: 0.3mm solid #d0d4da; border-radius: 1mm; padding: 2.5mm 3mm; }
.party-name { font-weight: bold; font-size: 9.5pt; }
table { border-collapse: collapse; }
.meta { margin-bottom: 4mm; }
.meta th { text-align: left; font-weight: normal; color: #555; padding: 0.4mm 5mm 0.4mm 0; }
.meta td { font-weight: bold; padding: 0.4mm 0; }
.intro { margin: 0 0 3mm 0; }
.intro p { margin: 0 0 1.5mm 0; }
.lines { width: 100%; margin-bottom: 4mm; }
.lines th { background: #eef3f9; font-weight: bold; font-size: 7.6pt; padding: 1.6mm 1.5mm; border-bottom: 0.3mm solid #0b5cab; }
.lines td { padding: 1.4mm 1.5mm; border-bottom: 0.2mm solid #e2e5ea; vertical-align: top; }
.lines tr { page-break-inside: avoid; }
.desc { text-align: left; }
.num { text-align: right; white-space: nowrap; }
.detail { font-size: 7.2pt; color: #555; margin-top: 0.5mm; }
.summary { display: flex; justify-content: space-between; align-items: flex-start; gap: 8mm; page-break-inside: avoid; }
.recap-table th, .recap-table td { padding: 0.8mm 2mm; border-bottom: 0.2mm solid #e2e5ea; }
.recap-table th { font-weight: bold; font-size: 7.6pt; text-align: left; }
.recap-table th.num { text-align: right; }
.recap-table tr.sum td { font-weight: bold; border-top: 0.3mm solid #888; }
.totals th { text-align: left; font-weight: normal; padding: 0.8mm 4mm 0.8mm 0; }
.totals td { padding: 0.8mm 0; }
.totals tr.grand th, .totals tr.grand td { font-weight: bold; font-size: 11pt; border-top: 0.4mm solid #1d1d1f; padding-top: 1.5mm; }
.banner { margin-top: 4mm; padding: 2.5mm 3mm; font-weight: bold; font-size: 10pt; border-radius: 1mm; page-break-inside: avoid; }
.banner.cod { background: #fff4e5; border: 0.4mm solid #e08a00; }
.banner.paid { background: #e8f5e9; border: 0.4mm solid #2e7d32; }
.payment { display: flex; gap: 6mm; align-items: center; margin-top: 5mm; padding: 3mm; border: 0.3mm solid #d0d4da; border-radius: 1mm; page-break-inside: avoid; }
.qr { text-align: center; }
.qr img { width: 38mm; height: 38mm; image-rendering: pixelated; display: block; }
.qr-caption { font-weight: bold; font-size: 8pt; margin-top: 0.5mm; }
.payment-facts th { text-align: left; font-weight: normal; color: #555; padding: 0.4mm 5mm 0.4mm 0; }
.payment-facts td { font-weight: bold; }
.notes { margin-top: 5mm; page-break-inside: avoid; }
.notes ul { margin: 0; padding-left: 4mm; }
.notes li { margin-bottom: 1mm; }
footer { margin-top: 6mm; padding-top: 2mm; border-top: 0.2mm solid #d0d4da; font-size: 7pt; color: #666; }
`;
