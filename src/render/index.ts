/** Renderers of a plan: they format it and decide nothing. */
export { renderText, type TextOptions } from './render-text.js';
export { renderJson } from './render-json.js';
export { renderMarkdown, MARKDOWN_LIMIT, type MarkdownOptions } from './render-markdown.js';
