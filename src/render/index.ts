/** The views: renderers of a plan (text, JSON, markdown) and of an apply (the progress hook, the report); they format and decide nothing. */
export { renderText, type TextOptions } from './render-text.js';
export { renderJson } from './render-json.js';
export { renderMarkdown, MARKDOWN_LIMIT, type MarkdownOptions } from './render-markdown.js';
export { createProgress, describeResult, type ProgressOptions } from './apply-progress.js';
export { describeApiUse, renderReportJson, renderReportSummary, REPORT_FORMAT_VERSION } from './apply-report.js';
export { CLEAR_LINE } from './ansi.js';
export { escapeMarkdown } from './markdown-text.js';
