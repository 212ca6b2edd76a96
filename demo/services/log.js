// Each service logs in its own colour, so the three interleaved outputs stay readable.
const COLOURS = { 'service 1': 31, 'service 2': 32, 'service 3': 34 };

export function logger(name) {
  const colour = process.stdout.isTTY ? COLOURS[name] : undefined;
  const tag = colour ? `\x1b[${colour}m[${name}]\x1b[0m` : `[${name}]`;
  return (...args) => console.log(tag, ...args);
}
