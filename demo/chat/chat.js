// The chat page's script. `io` is the global defined by /socket.io/sockjet.min.js.
const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const transports = params.get('transports')?.split(',');

const state = { name: params.get('name') ?? localStorage.getItem('sockjet-chat-name') ?? '', room: '#general' };
const rooms = new Set(['#general']);
const typingTimers = new Map();

// `auth` as a function is called on every (re)connect, so a changed nickname is picked up.
const socket = io({ autoConnect: false, auth: (cb) => cb({ name: state.name }), ...(transports && { transports }) });

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

// ---- connection banner -------------------------------------------------------------------------
let countdown;
function banner(stateName, text) {
  clearInterval(countdown);
  $('banner').dataset.state = stateName;
  $('banner').querySelector('.state').textContent = text;
}
function showTransport() {
  $('banner').querySelector('.transport').textContent = socket.connected ? `via ${socket.io.engine.transport.name}` : '';
}
socket.on('connect', () => {
  banner('connected', `connected as ${state.name}`);
  showTransport();
  // A long-polling start (?transports=polling,websocket) upgrades later; show it when it does.
  socket.io.engine.on('upgrade', showTransport);
  // Rejoin the channels after a reconnect that did not recover the session.
  for (const room of rooms) socket.emit('join', room, () => {});
});
socket.on('disconnect', (reason) => {
  banner(socket.active ? 'reconnecting' : 'disconnected', `disconnected (${reason})`);
  showTransport();
});
// sockjet's Manager tells when the next attempt is due (socket.io-client does not), for the countdown.
socket.io.on('reconnect_scheduled', (delay) => {
  const due = Date.now() + delay;
  banner('reconnecting', '');
  const tick = () =>
    ($('banner').querySelector('.state').textContent = `reconnecting in ${Math.max(0, Math.ceil((due - Date.now()) / 1000))} s…`);
  tick();
  countdown = setInterval(tick, 250);
});
socket.io.on('reconnect_attempt', (n) => banner('reconnecting', `reconnecting (attempt ${n})…`));
socket.on('connect_error', (err) => {
  if (err.data?.field === 'name') return askName(err.message);
  banner('reconnecting', `cannot connect: ${err.message}`);
});

// ---- channels ----------------------------------------------------------------------------------
function renderRooms() {
  $('rooms').replaceChildren(
    ...[...rooms].map((room) => {
      const leave = el('button', { title: `leave ${room}`, textContent: '×', hidden: room === '#general' });
      leave.onclick = (e) => {
        e.stopPropagation();
        rooms.delete(room);
        socket.emit('leave', room);
        if (state.room === room) state.room = '#general';
        renderRooms();
      };
      const item = el('li', { className: room === state.room ? 'current' : '' }, room, leave);
      item.onclick = () => {
        state.room = room;
        renderRooms();
        renderMessages();
      };
      return item;
    }),
  );
}
$('join-form').onsubmit = (e) => {
  e.preventDefault();
  const room = $('join-name').value.trim().toLowerCase().replace(/^#?/, '#');
  socket.timeout(5000).emit('join', room, (err, res) => {
    if (err || res.error) return notice(state.room, err ? 'join timed out' : res.error);
    rooms.add(room);
    state.room = room;
    $('join-name').value = '';
    renderRooms();
    renderMessages();
  });
};

// ---- messages ----------------------------------------------------------------------------------
const history = new Map(); // room -> list items
function add(room, item) {
  if (!history.has(room)) history.set(room, []);
  history.get(room).push(item);
  if (room === state.room) $('messages').append(item), item.scrollIntoView({ block: 'end' });
}
function renderMessages() {
  $('messages').replaceChildren(...(history.get(state.room) ?? []));
}
function notice(room, text) {
  add(room, el('li', { className: 'notice', textContent: text }));
}
socket.on('notice', ({ room, text }) => notice(room, text));
socket.on('message', ({ room, from, text }) => {
  typingTimers.get(from)?.();
  add(room, el('li', {}, el('span', { className: 'from', textContent: from }), text));
});

$('send-form').onsubmit = (e) => {
  e.preventDefault();
  const text = $('text').value.trim();
  if (!text) return;
  $('text').value = '';
  const mark = el('span', { className: 'mark', textContent: '…', title: 'sending' });
  add(state.room, el('li', { className: 'mine' }, el('span', { className: 'from', textContent: state.name }), text, mark));
  // Buffered while offline and sent on reconnect; the ack marks it delivered.
  socket.timeout(10_000).emit('message', { room: state.room, text }, (err, res) => {
    const ok = !err && res?.ok;
    mark.textContent = ok ? '✓' : '✗';
    mark.title = ok ? 'delivered' : err ? 'no answer from the server' : res.error;
    mark.classList.toggle('failed', !ok);
    mark.dataset.delivered = String(ok);
  });
};

// ---- typing indicators (volatile) -----------------------------------------------------------------
let lastTyping = 0;
$('text').oninput = () => {
  if (Date.now() - lastTyping < 1000) return;
  lastTyping = Date.now();
  socket.volatile.emit('typing', state.room);
};
function renderTyping() {
  const names = [...typingTimers.keys()];
  $('typing').textContent = names.length ? `${names.join(', ')} ${names.length > 1 ? 'are' : 'is'} typing…` : '';
}
socket.on('typing', ({ room, from }) => {
  if (room !== state.room) return;
  typingTimers.get(from)?.();
  const timer = setTimeout(() => stop(), 2500);
  const stop = () => (clearTimeout(timer), typingTimers.delete(from), renderTyping());
  typingTimers.set(from, stop);
  renderTyping();
});

// ---- who is online -------------------------------------------------------------------------------
socket.on('online', (names) => $('online').replaceChildren(...names.map((n) => el('li', { textContent: n }))));

// ---- nickname ------------------------------------------------------------------------------------
function askName(error = '') {
  $('name-error').textContent = error;
  $('name').value = state.name;
  $('name-dialog').showModal();
}
$('name-form').onsubmit = () => {
  state.name = $('name').value.trim();
  localStorage.setItem('sockjet-chat-name', state.name);
  socket.connect();
};

document.querySelector('main').after(el('div', { id: 'typing' }));
renderRooms();
if (state.name) socket.connect();
else askName();
