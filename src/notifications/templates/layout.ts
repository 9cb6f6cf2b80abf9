/**
 * Turns {@link Content} into the text and HTML bodies of a notification. The only place that writes HTML.
 *
 * @module
 */
import type { Language } from '../../domain/primitives';
import type { Block, Content } from './content';

/** The rendered parts of a notification. */
export interface RenderedNotification {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

const entities: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for HTML element content and quoted attribute values.
 *
 * @example
 * ```ts
 * import { escapeHtml } from 'polity';
 *
 * escapeHtml('<script>alert("x")</script>'); // '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
 * ```
 */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => entities[c] ?? c);
}

/** Why a template's output cannot be sent (blank text, an unsafe link): the message is poison. */
export class TemplateOutputError extends Error {
  override readonly name = 'TemplateOutputError';
}

function present(value: string, what: string): string {
  // User-written words (a quote) may say anything; only a blank one is refused.
  if (value.trim().length === 0) throw new TemplateOutputError(`${what} is blank`);
  return value;
}

function nonBlank(value: string, what: string): string {
  // A blank subject or paragraph means a translation or a payload field is missing: refuse rather than
  // send an empty-looking mail.
  if (value.trim().length === 0) throw new TemplateOutputError(`${what} is blank`);
  if (/\bundefined\b|\bNaN\b|\[object Object\]|Invalid Date/.test(value)) throw new TemplateOutputError(`${what} shows a missing value: "${value}"`);
  return value;
}

function safeUrl(url: string): string {
  nonBlank(url, 'a link');
  // Escaping does not stop `javascript:` links, so only schemes a mail client should follow pass.
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url.trim())?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https' && scheme !== 'mailto') {
    throw new TemplateOutputError(`a link with the "${scheme}:" scheme is not sent`);
  }
  return url.trim();
}

function blockText(block: Block): string {
  switch (block.type) {
    case 'text':
      return nonBlank(block.text, 'a paragraph');
    case 'action':
      return `${nonBlank(block.label, 'a link label')}:\n${safeUrl(block.url)}`;
    case 'quote':
      return present(block.text, 'a quote').split(/\r?\n/).map((line) => `> ${line}`).join('\n');
    case 'list':
      return block.items.map((item) => `- ${nonBlank(item, 'a list item')}`).join('\n');
  }
}

const breaks = (value: string): string => escapeHtml(value).replace(/\r?\n/g, '<br>');

function blockHtml(block: Block): string {
  switch (block.type) {
    case 'text':
      return `<p>${breaks(block.text)}</p>`;
    case 'action':
      return `<p><a href="${escapeHtml(safeUrl(block.url))}" style="display:inline-block;padding:10px 18px;background:#1f4e8c;color:#ffffff;text-decoration:none;border-radius:4px">${escapeHtml(block.label)}</a></p>`;
    case 'quote':
      return `<blockquote style="margin:0 0 16px;padding:8px 16px;border-left:4px solid #c8d3e0;color:#333333">${breaks(block.text)}</blockquote>`;
    case 'list':
      return `<ul>${block.items.map((item) => `<li>${breaks(item)}</li>`).join('')}</ul>`;
  }
}

/**
 * Lays out content as text and HTML.
 *
 * @throws TemplateOutputError when a subject, greeting, block or list item is blank or shows a missing
 *   value (`undefined`, `null`), or a link has a scheme other than http, https or mailto.
 */
export function layout(content: Content, language: Language): RenderedNotification {
  const subject = nonBlank(content.subject, 'the subject').replace(/\s+/g, ' ').trim();
  const greeting = nonBlank(content.greeting, 'the greeting');
  if (content.blocks.length === 0) throw new TemplateOutputError('the body is empty');
  const text = [greeting, ...content.blocks.map(blockText)].join('\n\n') + '\n';
  const html =
    `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>` +
    `<body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1a1a1a">` +
    `<p>${breaks(greeting)}</p>${content.blocks.map(blockHtml).join('')}</body></html>`;
  return { subject, text, html };
}
