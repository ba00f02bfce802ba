/**
 * Server text (error codes, descriptions, per-name reasons) is printed on terminals and
 * written to reports. A hostile or broken server could send escape sequences that move
 * the cursor, rewrite earlier lines or change the terminal's title, so every such text
 * loses its control characters where it enters, before it is believed or printed.
 */

/** CSI and OSC sequences, whole: stripping only the ESC would leave "[2J" behind. */
const ESCAPE_SEQUENCE = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])/g;
/** C0, DEL, C1, and the bidirectional overrides that reorder what a reader sees. */
const CONTROL = /[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Server text made safe to print: escape sequences removed, every other control
 * character (newlines and tabs too) removed. Removing rather than replacing keeps a
 * secret that a server split with control characters whole, so redaction still finds it.
 */
export function stripControls(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, '').replace(CONTROL, '');
}
