// Each service logs in its own colour, so the three interleaved outputs stay readable.
/** @type {Record<string, number>} */
const COLOURS = { 'service 1': 31, 'service 2': 32, 'service 3': 34 };

/**
 * console.log with the service's name in front.
 * @param {string} name
 * @returns {(...args: unknown[]) => void}
 */
export function logger(name) {
  const colour = process.stdout.isTTY ? COLOURS[name] : undefined;
  const tag = colour ? `\x1b[${colour}m[${name}]\x1b[0m` : `[${name}]`;
  return (...args) => console.log(tag, ...args);
}
