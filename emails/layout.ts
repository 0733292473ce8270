import { escapeHtml as e, type Language } from '../documents/format';

export type { Language };

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** Who the message is for; the language is the organisation's preference. */
export interface EmailContext {
  language: Language;
  /** Link to the customer portal, shown where the customer should act. */
  portalUrl?: string;
  /** Reply address shown in the footer. */
  supportEmail?: string;
  /** Sender's trading name in the sign-off; "aTime" by default. */
  senderName?: string;
  /** File names of the ISDOC e-invoices attached next to the PDFs; the message then says so. */
  attachedIsdoc?: string[];
}

/** Tells the reader the attached documents come as ISDOC too, for their accounting software. */
function isdocNote(ctx: EmailContext): Block[] {
  if (!ctx.attachedIsdoc?.length) return [];
  const files = ctx.attachedIsdoc.join(', ');
  return [
    {
      kind: 'p',
      text:
        ctx.language === 'CS'
          ? `Doklady přikládáme také jako elektronickou fakturu ve formátu ISDOC (${files}) pro přímý import do účetního programu.`
          : `The documents are also attached as ISDOC e-invoices (${files}) for direct import into your accounting software.`,
    },
  ];
}

/**
 * A message body is a list of blocks, rendered once as plain text and once as HTML, so that the
 * two parts always say the same thing.
 */
export type Block =
  | { kind: 'p'; text: string; strong?: boolean }
  | { kind: 'facts'; rows: [label: string, value: string][] }
  | { kind: 'list'; items: string[]; monospace?: boolean }
  | { kind: 'quote'; text: string }
  | { kind: 'link'; label: string; url: string };

const CHROME: Record<Language, { greeting: string; regards: string; automated: string; contact: string }> = {
  CS: {
    greeting: 'Dobrý den,',
    regards: 'S pozdravem',
    automated: 'Tato zpráva byla odeslána automaticky ze systému aTime.',
    contact: 'Dotazy nám pište na',
  },
  EN: {
    greeting: 'Hello,',
    regards: 'Kind regards,',
    automated: 'This message was sent automatically by aTime.',
    contact: 'Questions? Write to',
  },
};

function blockText(b: Block): string {
  switch (b.kind) {
    case 'p':
      return b.text;
    case 'facts': {
      const width = Math.max(...b.rows.map(([k]) => k.length));
      return b.rows.map(([k, v]) => `${`${k}:`.padEnd(width + 2)}${v}`).join('\n');
    }
    case 'list':
      return b.items.map((i) => `  - ${i}`).join('\n');
    case 'quote':
      return b.text
        .split(/\r?\n/)
        .map((l) => `> ${l}`)
        .join('\n');
    case 'link':
      return `${b.label}: ${b.url}`;
  }
}

const P = 'margin:0 0 14px 0;';

function blockHtml(b: Block): string {
  switch (b.kind) {
    case 'p':
      return `<p style="${P}">${b.strong ? `<strong>${e(b.text)}</strong>` : e(b.text)}</p>`;
    case 'facts':
      return `<table role="presentation" style="border-collapse:collapse;margin:0 0 14px 0;">${b.rows
        .map(
          ([k, v]) =>
            `<tr><td style="padding:2px 16px 2px 0;color:#555;">${e(k)}</td><td style="padding:2px 0;font-weight:bold;">${e(v)}</td></tr>`,
        )
        .join('')}</table>`;
    case 'list':
      return `<ul style="${P}padding-left:20px;">${b.items
        .map((i) => `<li${b.monospace ? ' style="font-family:monospace;font-size:15px;"' : ''}>${e(i)}</li>`)
        .join('')}</ul>`;
    case 'quote':
      return `<blockquote style="${P}padding:8px 12px;border-left:3px solid #0b5cab;background:#f4f6f9;white-space:pre-wrap;">${e(
        b.text,
      )}</blockquote>`;
    case 'link':
      return `<p style="${P}"><a href="${e(b.url)}" style="color:#0b5cab;">${e(b.label)}</a></p>`;
  }
}

/** The one layout every message uses: greeting, blocks, sign-off, automated-message footer. */
export function renderEmailLayout(
  ctx: EmailContext,
  subject: string,
  blocks: Block[],
  opts: { greeting?: boolean } = {},
): RenderedEmail {
  const c = CHROME[ctx.language];
  const sender = ctx.senderName ?? 'aTime';
  const greet = opts.greeting ?? true;
  const footer = ctx.supportEmail ? `${c.automated} ${c.contact} ${ctx.supportEmail}.` : c.automated;
  blocks = [...blocks, ...isdocNote(ctx)];

  const text = [
    ...(greet ? [c.greeting] : []),
    ...blocks.map(blockText),
    `${c.regards}\n${sender}`,
    `--\n${footer}`,
  ].join('\n\n') + '\n';

  const html = `<!DOCTYPE html>
<html lang="${ctx.language === 'CS' ? 'cs' : 'en'}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${e(subject)}</title></head>
<body style="margin:0;padding:0;background:#f4f6f9;">
<div style="max-width:600px;margin:0 auto;padding:24px;font-family:'DejaVu Sans',Arial,Helvetica,sans-serif;font-size:14px;line-height:1.5;color:#1d1d1f;background:#ffffff;">
<div style="font-size:20px;font-weight:bold;color:#0b5cab;margin:0 0 18px 0;">${e(sender)}</div>
${greet ? `<p style="${P}">${e(c.greeting)}</p>\n` : ''}${blocks.map(blockHtml).join('\n')}
<p style="${P}">${e(c.regards)}<br>${e(sender)}</p>
<hr style="border:none;border-top:1px solid #d0d4da;margin:18px 0 10px 0;">
<p style="margin:0;font-size:12px;color:#777;">${e(footer)}</p>
</div>
</body>
</html>
`;
  return { subject, text, html };
}
