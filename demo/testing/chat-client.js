// The chat's browser code: a connection banner (what the tests look at), the messages and a form.
import { io } from 'sockjet';
/** @import { IoOptions } from 'sockjet' */

/**
 * Renders a chat into `root` and connects it to `url` as `name`; other options go to `io()`.
 * Returns the socket (for tests and for the page) and a `close()` that disconnects and empties `root`.
 * @param {HTMLElement} root
 * @param {{ url: string, name: string } & Partial<IoOptions>} options
 */
export function mountChat(root, { url, name, ...options }) {
  root.innerHTML = `
    <p class="banner" role="status" data-state="connecting">connecting…</p>
    <ul class="messages"></ul>
    <form><input name="text" autocomplete="off" aria-label="message"><button>Send</button></form>`;
  const banner = /** @type {HTMLElement} */ (root.querySelector('.banner'));
  const messages = /** @type {HTMLElement} */ (root.querySelector('.messages'));
  const form = /** @type {HTMLFormElement} */ (root.querySelector('form'));
  /** @param {'connected' | 'reconnecting'} state @param {string} text */
  const show = (state, text) => {
    banner.dataset.state = state;
    banner.textContent = text;
  };
  const socket = io(url, { auth: { name }, ...options });
  const connected = () => show('connected', `connected via ${socket.io.engine.transport.name}`);
  socket.on('connect', () => {
    connected();
    // A long-polling start moves to WebSocket later, when it can.
    socket.io.engine.on('upgrade', connected);
  });
  socket.on('disconnect', () => show('reconnecting', 'connection lost: reconnecting…'));
  socket.on('connect_error', (err) => show('reconnecting', `cannot connect: ${err.message}`));
  socket.on('message', ({ from, text }) => {
    const item = document.createElement('li');
    item.textContent = `${from}: ${text}`;
    messages.append(item);
  });
  form.onsubmit = (event) => {
    event.preventDefault();
    if (form.text.value) socket.emit('message', form.text.value);
    form.text.value = '';
  };
  return {
    socket,
    close() {
      socket.disconnect();
      root.replaceChildren();
    },
  };
}
