// The last messages of each channel, kept in memory and served when someone joins, so a person who was away
// (a reconnect that could not recover, a new tab) sees what was said meanwhile. Bounded: `perChannel`
// messages in each of at most `maxChannels` channels.
import { randomUUID } from 'node:crypto';

/**
 * A stored line: a message (`text`, with the sender's own id `cid`) or a notice (`notice`: 'joined', 'left').
 * @typedef {{ id: string, room: string, at: number, from: string, text?: string, cid?: string, notice?: string }} Entry
 */

export class History {
  /** @param {{ perChannel: number, maxChannels: number }} limits */
  constructor({ perChannel, maxChannels }) {
    this.perChannel = perChannel;
    this.maxChannels = maxChannels;
    /** @type {Map<string, Entry[]>} channel -> messages, oldest first */
    this.channels = new Map();
  }

  /**
   * Whether `room` can be used: it exists already, or there is room for one more channel.
   * @param {string} room
   */
  accepts(room) {
    return this.channels.has(room) || this.channels.size < this.maxChannels;
  }

  /**
   * The stored messages of `room` (a copy), oldest first.
   * @param {string} room
   */
  of(room) {
    return [...(this.channels.get(room) ?? [])];
  }

  /**
   * The message `from` sent with client id `cid`, if it is still stored: a resend after a lost ack.
   * @param {string} room
   * @param {string} from
   * @param {string | undefined} cid
   */
  find(room, from, cid) {
    return cid ? this.channels.get(room)?.find((m) => m.cid === cid && m.from === from) : undefined;
  }

  /**
   * Stores a message or a notice and returns it with its id and time.
   * @param {string} room
   * @param {Omit<Entry, 'id' | 'room' | 'at'>} entry
   * @returns {Entry}
   */
  add(room, entry) {
    const stored = { id: randomUUID(), room, at: Date.now(), ...entry };
    let list = this.channels.get(room);
    if (!list) this.channels.set(room, (list = []));
    list.push(stored);
    if (list.length > this.perChannel) list.shift();
    return stored;
  }
}
