// Who is online, by nickname. A person can have several tabs (several sockets); they are online while one is.
// A connection that drops for a reason the client recovers from (network cut, server restart, sleep) does not
// make its owner leave at once: they stay listed for `graceMs` (the recovery window), so a reconnect is neither
// a leave nor a join and the list does not flap. A deliberate disconnect (closing the tab, signing out) leaves
// after `quickMs`, long enough to absorb a page reload.

/** Disconnect reasons that mean the person meant to go. */
const DELIBERATE = new Set(['client namespace disconnect', 'server namespace disconnect', 'server shutting down']);

export class Presence {
  /** @param {{ graceMs: number, quickMs: number, onChange: (names: string[]) => void }} options */
  constructor({ graceMs, quickMs, onChange }) {
    this.graceMs = graceMs;
    this.quickMs = quickMs;
    this.onChange = onChange;
    /** @type {Map<string, { sockets: number, leaving?: NodeJS.Timeout }>} */
    this.people = new Map();
  }

  names() {
    return [...this.people.keys()].sort((a, b) => a.localeCompare(b));
  }

  /**
   * A socket of `name` connected (or recovered). Returns true when the list changed.
   * @param {string} name
   */
  add(name) {
    const person = this.people.get(name);
    if (person) {
      clearTimeout(person.leaving);
      person.leaving = undefined;
      person.sockets++;
      return false;
    }
    this.people.set(name, { sockets: 1 });
    this.onChange(this.names());
    return true;
  }

  /**
   * A socket of `name` disconnected with `reason`.
   * @param {string} name
   * @param {string} reason
   */
  remove(name, reason) {
    const person = this.people.get(name);
    if (!person || --person.sockets > 0) return;
    const delay = DELIBERATE.has(reason) ? this.quickMs : this.graceMs;
    // unref: a pending leave must not keep the process alive.
    person.leaving = setTimeout(() => {
      this.people.delete(name);
      this.onChange(this.names());
    }, delay).unref();
  }
}
