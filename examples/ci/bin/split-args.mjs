#!/usr/bin/env node
/**
 * Splits an action input into words the way a user writes them on a command line, without a
 * shell: nothing is expanded ($VAR, globs, `cmd` stay as typed), so an input can never run a
 * command with the job's credentials. Quoting follows POSIX sh: '...' is literal, "..." keeps
 * \" \\ \$ \` escapes, a backslash outside quotes escapes the next character, '' is an empty
 * word. Prints the words NUL-separated (read them with `mapfile -d ''`); an unclosed quote or a
 * trailing backslash exits 1 naming the input.
 *
 *   node split-args.mjs NAME VALUE
 */
import { pathToFileURL } from 'node:url';

/** The words of `text`; throws on an unclosed quote or a trailing backslash. */
export function splitArgs(text) {
  const words = [];
  let word = '';
  let inWord = false;
  let i = 0;
  const take = (quote) => {
    const end = text.indexOf(quote, i);
    if (end < 0) throw new Error(`unclosed ${quote === "'" ? 'single' : 'double'} quote at character ${i}`);
    return end;
  };
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i += 1;
    } else if (c === "'") {
      i += 1;
      const end = take("'");
      word += text.slice(i, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      i += 1;
      for (;;) {
        if (i >= text.length) throw new Error('unclosed double quote');
        const d = text[i];
        if (d === '"') break;
        // In sh, a backslash in double quotes escapes only these; before anything else it stays.
        if (d === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1])) {
          word += text[i + 1];
          i += 2;
        } else {
          word += d;
          i += 1;
        }
      }
      inWord = true;
      i += 1;
    } else if (c === '\\') {
      if (i + 1 >= text.length) throw new Error('trailing backslash');
      // A backslash-newline joins lines, as in sh.
      if (text[i + 1] !== '\n') {
        word += text[i + 1];
        inWord = true;
      }
      i += 2;
    } else {
      word += c;
      inWord = true;
      i += 1;
    }
  }
  if (inWord) words.push(word);
  return words;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [name = 'args', value = ''] = process.argv.slice(2);
  try {
    const words = splitArgs(value);
    if (words.some((w) => w.includes('\0'))) throw new Error('a NUL character');
    process.stdout.write(words.map((w) => `${w}\0`).join(''));
  } catch (error) {
    process.stderr.write(`groupctl action: input "${name}": ${error.message}\n`);
    process.exit(1);
  }
}
