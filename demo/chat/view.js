// How the chat draws itself: small DOM builders, no state of their own. chat.js owns the state and calls these.

/**
 * A line of a channel: a message (`text`) or a notice (`notice`: 'joined' or 'left').
 * @typedef {object} Entry
 * @property {string} room
 * @property {string} from
 * @property {number} at
 * @property {string} [id] the server's, once it stored the line
 * @property {string} [cid] my own id for a message I sent: a resend carries it too
 * @property {string} [text]
 * @property {string} [notice]
 * @property {'sending' | 'delivered' | 'failed'} [status] of a message I sent
 * @property {string} [error] why it failed
 * @property {boolean} [retryable] a failed message sent again on reconnect
 */

/**
 * `el('li', { className: 'x' }, child, 'text')`
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Partial<HTMLElementTagNameMap[K]>} [props]
 * @param {...(Node | string | false | null | undefined)} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children.filter((c) => c !== undefined && c !== null && c !== false));
  return node;
}

const clock = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const longDate = new Intl.DateTimeFormat(undefined, { weekday: 'long', month: 'long', day: 'numeric' });
/** @param {number} at */
const dayOf = (at) => new Date(at).toDateString();

/** @param {number} at */
function dayLabel(at) {
  const today = new Date();
  if (dayOf(at) === today.toDateString()) return 'Today';
  if (dayOf(at) === new Date(today.getTime() - 86_400_000).toDateString()) return 'Yesterday';
  return longDate.format(at);
}

/**
 * @param {number} at
 * @param {string} [className]
 */
function time(at, className) {
  return el('time', { dateTime: new Date(at).toISOString(), textContent: clock.format(at), className });
}

/**
 * A colored square with the name's initial; the hue comes from the name so it is stable across sessions.
 * @param {string} name
 */
export function avatar(name, className = 'avatar') {
  let hue = 0;
  for (const ch of name) hue = (hue * 31 + (ch.codePointAt(0) ?? 0)) % 360;
  const node = el('span', { className, textContent: [...name][0]?.toUpperCase() ?? '?' });
  node.style.setProperty('--hue', String(hue));
  node.setAttribute('aria-hidden', 'true');
  return node;
}

/**
 * The delivered mark of one of my messages: sending, stored by the server, or failed (with a retry).
 * @param {Entry} entry
 * @param {(entry: Entry) => void} retry
 */
function mark(entry, retry) {
  const node = el('span', { className: 'mark' });
  node.dataset.delivered = String(entry.status === 'delivered');
  if (entry.status === 'delivered') node.append(el('span', { textContent: '✓', title: 'delivered: the server has it' }), el('span', { className: 'sr-only', textContent: 'delivered' }));
  else if (entry.status === 'sending') node.append(el('span', { textContent: 'sending…' }));
  else {
    node.classList.add('failed');
    const again = el('button', { type: 'button', textContent: 'retry' });
    again.onclick = () => retry(entry);
    node.append(el('span', { textContent: `not delivered${entry.error ? ` (${entry.error})` : ''}` }), again);
  }
  return node;
}

/** The text with its web addresses as links (built as nodes, never as HTML: a message cannot inject markup). */
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]'"]/g;
/** @param {string} text */
function linked(text) {
  const parts = [];
  let last = 0;
  for (const found of text.matchAll(URL_PATTERN)) {
    parts.push(text.slice(last, found.index), el('a', { href: found[0], textContent: found[0], target: '_blank', rel: 'noopener noreferrer' }));
    last = found.index + found[0].length;
  }
  parts.push(text.slice(last));
  return parts.filter((part) => part !== '');
}

/** Messages from one person, minutes apart, are drawn as one group under one name. */
const GROUP_MS = 5 * 60 * 1000;
/**
 * @param {Entry | undefined} prev
 * @param {Entry} entry
 */
function continues(prev, entry) {
  return prev && !prev.notice && !entry.notice && prev.from === entry.from && entry.at - prev.at < GROUP_MS && dayOf(prev.at) === dayOf(entry.at);
}

/**
 * @param {Entry} entry
 * @param {Entry | undefined} prev
 * @param {string} me
 * @param {(entry: Entry) => void} retry
 */
function messageItem(entry, prev, me, retry) {
  if (entry.notice) return el('li', { className: 'notice' }, `${entry.from === me ? 'You' : entry.from} ${entry.notice} ${entry.room} · `, time(entry.at));
  const mine = entry.from === me;
  const line = el('p', { className: 'text' }, ...linked(entry.text ?? ''), mine && mark(entry, retry));
  const item = continues(prev, entry)
    ? el('li', { className: 'msg' }, time(entry.at, 'side-time'), el('div', {}, line))
    : el('li', { className: 'msg first' }, avatar(entry.from), el('div', {}, el('div', { className: 'meta' }, el('span', { className: 'from', textContent: entry.from }), time(entry.at)), line));
  if (mine) item.classList.add('mine');
  if (entry.status === 'sending') item.classList.add('sending');
  item.dataset.id = entry.id ?? entry.cid;
  return item;
}

/**
 * Draws a whole channel: day separators, groups, marks. Keeps the view at the bottom if it was there.
 * @param {HTMLElement} list
 * @param {Entry[]} entries
 * @param {string} me
 * @param {(entry: Entry) => void} retry
 */
export function renderMessages(list, entries, me, retry) {
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 48;
  const items = [];
  /** @type {Entry | undefined} */
  let prev;
  for (const entry of entries) {
    if (!prev || dayOf(prev.at) !== dayOf(entry.at)) items.push(el('li', { className: 'day', role: 'separator', textContent: dayLabel(entry.at) }));
    items.push(messageItem(entry, prev, me, retry));
    prev = entry;
  }
  if (!entries.length) items.push(el('li', { className: 'empty', textContent: 'No messages yet. Say hello!' }));
  list.replaceChildren(...items);
  if (atBottom) list.scrollTop = list.scrollHeight;
}

/**
 * The channel list: the current one marked, unread counts as badges.
 * @param {HTMLElement} list
 * @param {Map<string, { unread: number }>} rooms
 * @param {string} current
 * @param {{ open: (room: string) => void, leave: (room: string) => void }} actions
 */
export function renderRooms(list, rooms, current, { open, leave }) {
  list.replaceChildren(
    ...[...rooms].map(([room, { unread }]) => {
      const button = el('button', { className: `room${unread ? ' unread' : ''}`, type: 'button' }, el('span', { className: 'room-name', textContent: room }));
      if (unread) button.append(el('span', { className: 'badge', textContent: String(unread), title: `${unread} unread` }), el('span', { className: 'sr-only', textContent: `, ${unread} unread` }));
      button.setAttribute('aria-current', String(room === current));
      button.onclick = () => open(room);
      const item = el('li', {}, button);
      if (room !== '#general') {
        const out = el('button', { className: 'icon leave', type: 'button', textContent: '×', title: `leave ${room}` });
        out.setAttribute('aria-label', `leave ${room}`);
        out.onclick = () => leave(room);
        item.append(out);
      }
      return item;
    }),
  );
}

/**
 * @param {HTMLElement} list
 * @param {string[]} names
 * @param {string} me
 */
export function renderOnline(list, names, me) {
  list.replaceChildren(
    ...names.map((name) => el('li', {}, avatar(name, 'avatar small'), el('span', { className: 'name', textContent: name === me ? `${name} (you)` : name }))),
  );
}

/** @param {string[]} names */
export function typingText(names) {
  if (!names.length) return '';
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return 'Several people are typing…';
}
