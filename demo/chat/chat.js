// The chat page's script. `io` is the global defined by /socket.io/sockjet.min.js.
import { avatar, el, renderMessages, renderOnline, renderRooms, typingText } from './view.js';
/** @import { Entry } from './view.js' */
/** @typedef {Entry & { id: string }} Stored a line as the server stored it */
/** @typedef {ReturnType<typeof setTimeout>} Timer */

// The page's elements (index.html has every id this script asks for), and its text fields.
/** @param {string} id */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
/** @param {string} id */
const field = (id) => /** @type {HTMLInputElement | HTMLTextAreaElement} */ ($(id));
const params = new URLSearchParams(location.search);
const transports = params.get('transports')?.split(',');
const store = {
  /** @param {string} key @param {unknown} fallback */
  get: (key, fallback) => JSON.parse(localStorage.getItem(`sockjet-chat-${key}`) ?? 'null') ?? fallback,
  /** @param {string} key @param {unknown} value */
  set: (key, value) => localStorage.setItem(`sockjet-chat-${key}`, JSON.stringify(value)),
};

const state = { name: params.get('name') ?? store.get('name', ''), room: '#general' };
/**
 * channel -> its entries (oldest first), the server ids seen, the unread count
 * @type {Map<string, { entries: Entry[], ids: Set<string>, unread: number }>}
 */
const rooms = new Map();
/**
 * channel -> name -> timer: who is typing where
 * @type {Map<string, Map<string, Timer>>}
 */
const typing = new Map();

// `auth` as a function is called on every (re)connect, so a changed nickname is picked up.
const socket = io({ autoConnect: false, auth: (cb) => cb({ name: state.name }), ...(transports && { transports }) });

// ---- channels and their messages --------------------------------------------------------------------------
/** @param {string} room */
function channel(room) {
  let found = rooms.get(room);
  if (!found) {
    rooms.set(room, (found = { entries: [], ids: new Set(), unread: 0 }));
    store.set('rooms', [...rooms.keys()]);
  }
  return found;
}

/**
 * Adds a message or notice (live, or from a channel's history) unless it is known already.
 * @param {string} room
 * @param {Stored} entry
 */
function ingest(room, entry) {
  const current = channel(room);
  const { entries, ids } = current;
  if (ids.has(entry.id)) return false;
  const mine = entry.cid && entry.from === state.name && entries.find((e) => e.cid === entry.cid && !e.id);
  if (mine) return settle(mine, entry), true; // my own message, stored while its ack was lost
  ids.add(entry.id);
  let at = entries.length;
  while (at > 0 && entries[at - 1].at > entry.at) at--;
  entries.splice(at, 0, entry);
  if (room !== state.room && !entry.notice && entry.from !== state.name) current.unread++;
  return true;
}

/**
 * The server stored my message: it is delivered, with the server's id and time.
 * @param {Entry} entry
 * @param {Stored} stored
 */
function settle(entry, stored) {
  Object.assign(entry, { id: stored.id, at: stored.at, status: 'delivered', error: undefined });
  rooms.get(entry.room)?.ids.add(stored.id);
}

function draw() {
  const current = channel(state.room);
  current.unread = 0;
  renderMessages($('messages'), current.entries, state.name, deliver);
  renderRooms($('rooms'), rooms, state.room, { open, leave });
  $('room-title').textContent = state.room;
  $('messages').setAttribute('aria-label', `Messages in ${state.room}`);
  field('text').placeholder = `Message ${state.room}`;
  const unread = [...rooms.values()].reduce((sum, r) => sum + r.unread, 0);
  $('menu-unread').hidden = !unread;
  $('menu-unread').textContent = unread ? String(unread) : '';
  document.title = unread ? `(${unread}) sockjet chat` : 'sockjet chat';
  drawTyping();
}

/** @param {string} room */
function open(room) {
  state.room = room;
  drawer(false);
  draw();
}

/**
 * Joins a channel and merges its recent history (quietly when it is a rejoin after a reconnect).
 * @param {string} room
 * @param {boolean} quiet
 * @returns {Promise<string>} what went wrong, or '' once joined
 */
function join(room, quiet) {
  return new Promise((resolve) => {
    socket.timeout(5000).emit('join', room, { quiet }, (err, res) => {
      if (err || res.error) return resolve(err ? 'the server did not answer, try again' : res.error);
      for (const entry of res.history) ingest(room, entry);
      resolve('');
    });
  });
}

/** @param {string} room */
function leave(room) {
  socket.emit('leave', room);
  rooms.delete(room);
  store.set('rooms', [...rooms.keys()]);
  if (state.room === room) state.room = '#general';
  draw();
}

$('join-form').onsubmit = async (e) => {
  e.preventDefault();
  const room = field('join-name').value.trim().toLowerCase().replace(/^#?/, '#');
  if (room === '#') return;
  const error = await join(room, false);
  $('join-error').textContent = error;
  if (error) return;
  field('join-name').value = '';
  open(room);
  $('text').focus();
};

// ---- sending: the mark means the server stored the message --------------------------------------------------
/** @param {string} text */
function send(text) {
  /** @type {Entry} */
  const entry = { cid: crypto.randomUUID(), room: state.room, from: state.name, text, at: Date.now(), status: 'sending' };
  channel(entry.room).entries.push(entry);
  draw();
  $('messages').scrollTop = $('messages').scrollHeight;
  deliver(entry);
}

/**
 * Sends (or resends) a message. A resend carries the same `cid`, so the server never stores it twice.
 * @param {Entry} entry
 */
function deliver(entry) {
  entry.status = 'sending';
  socket.timeout(10_000).emit('message', { room: entry.room, text: entry.text, cid: entry.cid }, (err, res) => {
    if (entry.status === 'delivered') return; // settled meanwhile from the channel's history
    if (!err && res.ok) settle(entry, res.message);
    else Object.assign(entry, { status: 'failed', error: err ? '' : res.error, retryable: Boolean(err) });
    if (entry.room === state.room) draw();
  });
  if (entry.room === state.room) draw();
}

$('send-form').onsubmit = (e) => {
  e.preventDefault();
  const text = field('text').value.trim();
  if (!text) return;
  field('text').value = '';
  grow();
  lastTyping = 0; // the others stop showing "typing" when the message lands: the next keystroke tells them again
  send(text);
};
$('text').onkeydown = (e) => {
  if (e.key !== 'Enter' || e.shiftKey || e.isComposing) return;
  /** @type {HTMLFormElement} */ ($('send-form')).requestSubmit();
  e.preventDefault();
};
const grow = () => {
  $('text').style.height = 'auto';
  $('text').style.height = `${$('text').scrollHeight + 2}px`;
};

// ---- who is typing (volatile: a lost one is harmless) ---------------------------------------------------------
let lastTyping = 0;
$('text').oninput = () => {
  grow();
  if (Date.now() - lastTyping < 1500 || !field('text').value) return;
  lastTyping = Date.now();
  socket.volatile.emit('typing', state.room);
};
function drawTyping() {
  $('typing').textContent = typingText([...(typing.get(state.room)?.keys() ?? [])]);
}
/**
 * @param {string} room
 * @param {string} from
 */
function stopTyping(room, from) {
  clearTimeout(typing.get(room)?.get(from));
  typing.get(room)?.delete(from);
  if (room === state.room) drawTyping();
}
socket.on('typing', ({ room, from }) => {
  if (from === state.name) return; // my other tab
  let people = typing.get(room);
  if (!people) typing.set(room, (people = new Map()));
  clearTimeout(people.get(from));
  people.set(from, setTimeout(() => stopTyping(room, from), 3000));
  if (room === state.room) drawTyping();
});

socket.on('message', (message) => {
  stopTyping(message.room, message.from);
  if (rooms.has(message.room) && ingest(message.room, message)) draw();
});
socket.on('notice', (notice) => rooms.has(notice.room) && ingest(notice.room, notice) && draw());
socket.on('online', (names) => {
  renderOnline($('online'), names, state.name);
  $('online-count').textContent = `· ${names.length}`;
});

// ---- connection: a banner only when something is wrong ------------------------------------------------------------
/** @type {Timer | undefined} */
let countdown;
/** @type {Timer | undefined} */
let slowStart;
/** @param {'connecting' | 'connected' | 'reconnecting' | 'offline'} stateName */
function connection(stateName, text = '') {
  clearInterval(countdown);
  clearTimeout(slowStart);
  $('banner').dataset.state = stateName;
  $('banner-text').textContent = text;
  $('banner').hidden = stateName === 'connected' || !text;
}
function showTransport() {
  $('transport').textContent = socket.connected ? `via ${socket.io.engine.transport.name}` : 'offline';
}
socket.on('connect', () => {
  connection('connected');
  $('app').dataset.session = socket.recovered ? 'recovered' : 'new'; // for the curious, and for the tests
  showTransport();
  // A long-polling start (?transports=polling,websocket) upgrades later; show it when it does.
  socket.io.engine.on('upgrade', showTransport);
  // A recovered session kept its channels and got what it missed; otherwise rejoin them and fetch their history.
  if (!socket.recovered) Promise.all([...rooms.keys()].map((room) => join(room, true))).then(draw);
  for (const { entries } of rooms.values()) for (const entry of entries) if (entry.retryable && entry.status === 'failed') deliver(entry);
});
socket.on('disconnect', () => {
  connection(socket.active ? 'reconnecting' : 'offline', socket.active ? 'Connection lost. Reconnecting…' : '');
  showTransport();
});
// sockjet's Manager tells when the next attempt is due (socket.io-client does not), for the countdown.
socket.io.on('reconnect_scheduled', (delay) => {
  const due = Date.now() + delay;
  const tick = () => {
    const seconds = Math.ceil((due - Date.now()) / 1000);
    $('banner-text').textContent = seconds > 0 ? `Connection lost. Reconnecting in ${seconds} s…` : 'Reconnecting…';
  };
  connection('reconnecting', 'Connection lost.');
  tick();
  countdown = setInterval(tick, 250);
});
socket.on('connect_error', (err) => {
  if (err.data?.field === 'name') return welcome(err.message);
  if (!socket.active) connection('offline', `Cannot connect: ${err.message}`);
});

// ---- nickname screen, drawer, theme --------------------------------------------------------------------------------
function welcome(error = '') {
  $('app').hidden = true;
  $('welcome').hidden = false;
  field('name').value = state.name;
  $('name-error').textContent = error;
  $('name').focus();
}
$('name-form').onsubmit = (e) => {
  e.preventDefault();
  const name = field('name').value.trim();
  if (!name) return welcome('Please pick a nickname (up to 32 characters).');
  state.name = name;
  store.set('name', name);
  start();
};
$('sign-out').onclick = () => {
  socket.disconnect();
  welcome();
};
function start() {
  $('welcome').hidden = true;
  $('app').hidden = false;
  $('me-name').textContent = state.name;
  $('me-avatar').replaceWith(Object.assign(avatar(state.name), { id: 'me-avatar' }));
  draw();
  connection('connecting');
  slowStart = setTimeout(() => connection('connecting', 'Connecting to the server…'), 2000);
  socket.connect();
}

/** @param {boolean} show */
function drawer(show) {
  const wasOpen = $('app').classList.contains('drawer-open');
  $('app').classList.toggle('drawer-open', show);
  $('menu').setAttribute('aria-expanded', String(show));
  if (show) $('rooms').querySelector('button')?.focus(); // the first channel's
  else if (wasOpen) $('menu').focus(); // focus goes back where it came from
}
$('menu').onclick = () => drawer(true);
$('close-menu').onclick = () => drawer(false);
$('scrim').onclick = () => drawer(false);
document.addEventListener('keydown', (e) => e.key === 'Escape' && drawer(false));

/** @param {string | undefined} name */
function theme(name) {
  if (name) document.documentElement.dataset.theme = name;
  const dark = (name ?? (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light')) === 'dark';
  $('theme').setAttribute('aria-label', `Switch to the ${dark ? 'light' : 'dark'} theme`);
  return dark;
}
$('theme').onclick = () => {
  const next = theme(document.documentElement.dataset.theme) ? 'light' : 'dark';
  store.set('theme', next);
  theme(next);
};

// A closed tab says goodbye at once (others see it leave); a page kept in the back/forward cache comes back.
addEventListener('pagehide', () => socket.disconnect());
addEventListener('pageshow', (e) => e.persisted && state.name && socket.connect());

theme(store.get('theme', undefined));
for (const room of store.get('rooms', ['#general'])) channel(room);
channel('#general');
if (state.name) start();
else welcome();
